// JUnit XML for `phoenix test --junit FILE`: one testcase per probe step (a task that does not mutate).
import type { Step } from '../compile/plan.js';
import { mutates, titleOf } from '../compile/step-def.js';
import type { Outcome } from './scheduler.js';

const esc = (s: string): string => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!)
  // eslint-disable-next-line no-control-regex
  .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '');

export function junitXml(steps: readonly Step[], outcomes: Map<string, Outcome>): string {
  const cases = steps.filter((s) => !mutates(s));
  let failures = 0;
  let skipped = 0;
  const body = cases.map((s) => {
    const o = outcomes.get(s.id);
    const name = esc(titleOf(s));
    const cls = esc(s.guest ? `guest.${s.guest}` : `node.${s.node}`);
    const time = ((o?.ms ?? 0) / 1000).toFixed(3);
    if (!o || o.status === 'not-run' || o.status === 'unknown') { skipped++; return `    <testcase classname="${cls}" name="${name}" time="${time}"><skipped message="${esc(o?.detail ?? 'not run')}"/></testcase>`; }
    if (o.status === 'failed') { failures++; return `    <testcase classname="${cls}" name="${name}" time="${time}"><failure message="${esc(o.detail ?? 'failed')}"/></testcase>`; }
    return `    <testcase classname="${cls}" name="${name}" time="${time}"/>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="phoenix" tests="${cases.length}" failures="${failures}" skipped="${skipped}">\n${body.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
