// Shared pieces of the hostile input corpus: the hostile strings, marker files that prove nothing was executed,
// and "refused" runs whose audit log must stay empty.
import { existsSync, rmSync } from 'node:fs';
import * as assert from 'uvu/assert';
import type { CliResult } from '../helpers/cli.js';
import { problemLines } from '../helpers/cli.js';
import { makeEstate } from '../helpers/estate.js';
import { sampleLxc, sampleVm, setAt } from '../helpers/fixtures.js';
import type { LxcFile, VmFile } from '../../src/inventory/config-types.js';

let seq = 0;
/** A fresh absolute marker path: if any hostile value were executed by a shell, this file would appear. */
export function marker(tag: string): string {
  const m = `/tmp/phx-hostile-${process.pid}-${++seq}-${tag.replace(/[^A-Za-z0-9]/g, '')}`;
  rmSync(m, { force: true });
  return m;
}

export function assertNoMarker(m: string, what = ''): void {
  assert.not.ok(existsSync(m), `${what}: ${m} was created, so a hostile value was executed by a shell`);
}

export interface Hostile { label: string; value: string; marker: string }

/** One value per shell metacharacter class, each with its own marker. `prefix` keeps a field's required shape. */
export function hostileValues(prefix = 'x'): Hostile[] {
  const make = (label: string, f: (m: string) => string): Hostile => { const m = marker(label); return { label, value: f(m), marker: m }; };
  return [
    make('semicolon', (m) => `${prefix};touch ${m}`),
    make('pipe', (m) => `${prefix}|touch ${m}`),
    make('dollar-paren', (m) => `${prefix}$(touch ${m})`),
    make('backtick', (m) => `${prefix}\`touch ${m}\``),
    make('single-quote', (m) => `${prefix}'; touch ${m}; '`),
    make('double-quote', (m) => `${prefix}"; touch ${m}; "`),
    make('newline', (m) => `${prefix}\ntouch ${m}`),
  ];
}

export const lxcWith = (pointer: string, value: unknown, doc: LxcFile = sampleLxc()): LxcFile => setAt(doc, pointer, value);
export const vmWith = (pointer: string, value: unknown, doc: VmFile = sampleVm()): VmFile => setAt(doc, pointer, value);

export type Spec = Parameters<typeof makeEstate>[0];

/** Runs argv on a fresh estate and returns the result with the whole audit log. */
export async function runFresh(spec: Spec, argv: string[]): Promise<{ r: CliResult; audit: string[] }> {
  const e = makeEstate(spec);
  try {
    const r = await e.run(...argv);
    return { r, audit: e.audit().map((c) => c.argv.join(' ')) };
  } finally {
    e.cleanup();
  }
}

/**
 * The config is refused: exit 1, every expected line present as a whole line of stderr, no command reached the
 * node. `create --all` by default, so a refusal cannot come from target selection.
 */
export async function assertRefused(spec: Spec, expected: (string | RegExp)[], argv: string[] = ['create', '--all']): Promise<CliResult> {
  const { r, audit } = await runFresh(spec, argv);
  // as printed (`Error: Target ID ...`) or as the problem itself (`file: /pointer: message`, without `Error: `)
  const lines = [...r.stderr.split('\n'), ...problemLines(r.stderr)];
  assert.is(r.code, 1, `exit code\n${r.stdout}${r.stderr}`);
  for (const x of expected) {
    const ok = typeof x === 'string' ? lines.includes(x) : lines.some((l) => x.test(l));
    assert.ok(ok, `expected the line ${String(x)} in stderr:\n${r.stderr}`);
  }
  assert.equal(audit, [], 'an invalid config must send no command at all');
  return r;
}

/** A message naming a hostile value must not let it start a line of its own (no forged output lines). */
export function assertNoForgedLine(r: CliResult, marker: string): void {
  const forged = (r.stdout + r.stderr).split('\n').filter((l) => l.startsWith('touch ') && l.includes(marker));
  assert.equal(forged, [], 'a newline in a value was printed raw, forging an output line');
}
