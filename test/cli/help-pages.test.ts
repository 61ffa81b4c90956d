// `phoenix help`, `phoenix help <command>`, `phoenix <command> --help`, `run <verb> --help`: one page each, with
// its options (the ones the parser accepts for it, from the option table) and examples; verb pages generated
// from the verb table.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { COMMANDS } from '../../src/cli/option-table.js';
import { parseCli } from '../../src/cli/parse-args.js';
import { VERBS, verbSpec } from '../../src/compile/targets.js';
import { cli } from '../helpers/cli.js';

const section = (page: string, name: string): string[] => {
  const lines = page.split('\n');
  const start = lines.indexOf(`${name}:`);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l === '');
  return lines.slice(start + 1, end < 0 ? undefined : end);
};
const optionsOf = (page: string): string[] => section(page, 'Options').map((l) => /--([a-z-]+)/.exec(l)?.[1] ?? '?');

test('phoenix help exits 0 with the overview; phoenix alone prints it and exits 1', async () => {
  const h = await cli(['help']);
  assert.is(h.code, 0, h.stderr);
  assert.match(h.stdout, /^Phoenix - /);
  for (const c of COMMANDS) assert.match(h.stdout, new RegExp(`\\n  phoenix ${c}\\b`), c);
  const bare = await cli([]);
  assert.is(bare.code, 1);
  assert.is(bare.stdout, h.stdout);
});

for (const v of VERBS) {
  test(`verb page ${v}: the same for help ${v}, ${v} --help and run ${v} --help; summary, options, examples`, async () => {
    const a = await cli(['help', v]);
    assert.is(a.code, 0, a.stderr);
    for (const argv of [[v, '--help'], ['run', v, '--help'], [v, '950', '-h'], ['help', v.toLowerCase()]]) {
      const b = await cli(argv);
      assert.is(b.code, 0, `${argv.join(' ')}: ${b.stderr}`);
      assert.is(b.stdout, a.stdout, argv.join(' '));
    }
    assert.ok(a.stdout.startsWith(`phoenix ${v} - ${verbSpec(v).summary}\n`), a.stdout);
    const opts = optionsOf(a.stdout);
    // every verb option of the table is shown (as its flag), and no other verb's
    const flag: Record<string, string> = { all: 'all', suite: 'suite', wipeDisks: 'wipe-disks', applyPending: 'apply-pending', recreate: 'recreate' };
    for (const [option, f] of Object.entries(flag)) {
      assert.is(opts.includes(f), (verbSpec(v).options as readonly string[]).includes(option), `${v} --${f}`);
    }
    for (const common of ['config', 'dry-run', 'check', 'json', 'limit']) assert.ok(opts.includes(common), `${v} page lists --${common}`);
    // what the page offers, the parser takes
    const ids = verbSpec(v).targets === 'guests' ? ['950'] : [];
    for (const o of opts) {
      const argv = [v, ...ids, `--${o}`, ...(['config', 'inventory', 'limit', 'concurrency', 'suite', 'junit'].includes(o) ? [o === 'concurrency' ? '2' : 'x'] : [])];
      if (o === 'help') continue;
      try { parseCli(argv); } catch (e) { assert.unreachable(`${argv.join(' ')}: ${(e as Error).message}`); }
    }
    const examples = section(a.stdout, 'Examples');
    assert.ok(examples.length >= 2 && examples.length <= 4, a.stdout);
    for (const x of examples) assert.match(x, new RegExp(`^ {2}phoenix (run |plan )?${v}\\b`));
  });
}

for (const c of COMMANDS) {
  test(`command page ${c}: help ${c} and ${c} --help agree; usage and examples`, async () => {
    const a = await cli(['help', c]);
    assert.is(a.code, 0, a.stderr);
    const b = await cli([c, '--help']);
    assert.is(b.code, 0, b.stderr);
    assert.is(b.stdout, a.stdout);
    assert.ok(a.stdout.startsWith(`phoenix ${c} - `), a.stdout);
    assert.ok(section(a.stdout, 'Usage').length >= 1);
    const examples = section(a.stdout, 'Examples');
    assert.ok(examples.length >= 2, a.stdout);
    for (const x of examples) assert.match(x, /^ {2}phoenix /);
  });
}

test('run and plan pages list what only they take', async () => {
  assert.ok(optionsOf((await cli(['help', 'run'])).stdout).includes('resume'));
  assert.ok(optionsOf((await cli(['help', 'run'])).stdout).includes('force'));
  assert.ok(optionsOf((await cli(['help', 'plan'])).stdout).includes('output'));
  assert.not.ok(optionsOf((await cli(['help', 'create'])).stdout).includes('resume'), 'a verb page does not offer --resume');
  assert.match((await cli(['help', 'graph'])).stdout, /--format mermaid\|dot/);
  assert.match((await cli(['help', 'plan'])).stdout, /--format yaml\|json/);
});

test('help for something unknown: an error with the nearest topic', async () => {
  const r = await cli(['help', 'creat']);
  assert.is(r.code, 1);
  assert.is(r.stdout, '');
  assert.is(r.stderr, "Error: no help for 'creat' (did you mean 'create'?); try: phoenix help\n");
});

test.run();
