// Bad input: one clear line per error (all at once), exit 1, and the simulator's audit log proves that no
// command reached the node.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeEstate } from '../helpers/estate.js';
import { sampleHypervisor, sampleLxc, setAt } from '../helpers/fixtures.js';

async function refused(spec: Parameters<typeof makeEstate>[0], argv: string[], expected: RegExp[]): Promise<void> {
  const e = makeEstate(spec);
  try {
    const r = await e.run(...argv);
    assert.is(r.code, 1, r.stdout + r.stderr);
    for (const x of expected) assert.match(r.stderr, x);
    assert.equal(e.audit(), [], 'no command may reach the node');
  } finally {
    e.cleanup();
  }
}

test('malformed JSON: file, line and column; nothing sent', async () => {
  await refused({ rawFiles: { 'phoenix_lxc_configs.json': '{ "lxc_configs": { "900": { "name": "x", } } }' } }, ['create', '900'],
    [/^(?:Error: )?phoenix_lxc_configs\.json: line 1, column \d+: /m]);
});

test('schema violations, every one at once, one line each', async () => {
  const lxc = setAt(setAt(sampleLxc(), '/lxc_configs/950/memory_mb', '2048'), '/lxc_configs/900/cores', 0);
  await refused({ lxc }, ['LetsGo'], [
    /^(?:Error: )?phoenix_lxc_configs\.json: \/lxc_configs\/950\/memory_mb: must be integer$/m,
    /^(?:Error: )?phoenix_lxc_configs\.json: \/lxc_configs\/900\/cores: must be >= 1$/m,
  ]);
});

test('unknown dependency id, and a cycle named in full', async () => {
  const lxc = sampleLxc();
  lxc.lxc_configs['950']!.dependencies = ['4242'];
  await refused({ lxc }, ['create', '950'], [/\/lxc_configs\/950\/dependencies\/0: unknown guest '4242'/]);
  const cyc = sampleLxc();
  cyc.lxc_configs['900']!.dependencies = ['950'];
  await refused({ lxc: cyc }, ['create', '950'], [/^(?:Error: )?phoenix_lxc_configs\.json: \/lxc_configs\/900\/dependencies\/0: cycle: 900 -> 950 -> 900$/m]);
});

test('five mistakes in one file: the schema error and the four cross-file errors in one run, each naming file and JSON path', async () => {
  const lxc = sampleLxc();
  lxc.lxc_configs['960'] = { ...lxc.lxc_configs['950']!, name: 'other', clone_from_ctid: '777' };
  setAt(lxc, '/lxc_configs/950/memory_mb', '2048');
  setAt(lxc, '/lxc_configs/950/dependencies', ['4242']);
  setAt(lxc, '/lxc_configs/950/node', 'pve9');
  setAt(lxc, '/lxc_configs/900/dependencies', ['950']);
  const L = 'phoenix_lxc_configs\\.json';
  const expected = [
    `${L}: /lxc_configs/950/memory_mb: must be integer`,
    `${L}: /lxc_configs/950/node: unknown node 'pve9' \\(inventory nodes: pve\\)`,
    `${L}: /lxc_configs/950/dependencies/0: unknown guest '4242'`,
    `${L}: /lxc_configs/960/clone_from_ctid: unknown guest '777'`,
    `${L}: /lxc_configs/900/dependencies/0: cycle: 900 -> 950 -> 900`,
  ].map((l) => new RegExp(`^(?:Error: )?${l}$`, 'm'));
  await refused({ lxc }, ['LetsGo'], expected);
  await refused({ lxc }, ['validate'], expected);
});

test('validate checks every script a run could need: a missing test script fails validate (not only `test pve` later)', async () => {
  const lxc = setAt(sampleLxc(), '/lxc_configs/950/tests', { integration: [{ name: 'Works', type: 'script', path: 'ct/works.sh' }] });
  const hypervisor = { ...sampleHypervisor(), tests: { smoke: [{ name: 'Smoke', type: 'script', path: 'hypervisor/smoke.sh' }] } };
  const e = makeEstate({ lxc, hypervisor });
  try {
    const r = await e.run('validate');
    assert.is(r.code, 1, r.stdout + r.stderr);
    assert.not.match(r.stdout, /valid:/);
    assert.match(r.stderr, new RegExp(`^(?:Error: )?phoenix_hypervisor_config\\.json: /tests/smoke/0/path: script of hypervisor test 'smoke/Smoke': ${e.scriptsDir}/tests/hypervisor/smoke\\.sh not found$`, 'm'));
    assert.match(r.stderr, new RegExp(`^(?:Error: )?phoenix_lxc_configs\\.json: /lxc_configs/950/tests/integration/0/path: script of test 'integration/Works': ${e.scriptsDir}/tests/ct/works\\.sh not found$`, 'm'));
    assert.equal(e.audit(), [], 'no command may reach the node');
    mkdirSync(join(e.scriptsDir, 'tests', 'hypervisor'), { recursive: true });
    mkdirSync(join(e.scriptsDir, 'tests', 'ct'), { recursive: true });
    writeFileSync(join(e.scriptsDir, 'tests', 'hypervisor', 'smoke.sh'), '#!/bin/sh\necho smoke-ok\n');
    writeFileSync(join(e.scriptsDir, 'tests', 'ct', 'works.sh'), '#!/bin/sh\nexit 0\n');
    const ok = await e.run('validate');
    assert.is(ok.code, 0, ok.stdout + ok.stderr);
    const t = await e.run('test', 'pve');
    assert.is(t.code, 0, t.stdout + t.stderr);
  } finally {
    e.cleanup();
  }
});

test('unknown target id: the seed message; nothing sent', async () => {
  await refused({}, ['start', '9999'], [/^Error: Target ID '9999' not found/m]);
});

test('a raw lxc option that hands the guest the host is refused at plan time', async () => {
  const lxc = setAt(sampleLxc(), '/lxc_configs/900/lxc_options', ['lxc.hook.pre-start: /tmp/pwned.sh']);
  await refused({ lxc }, ['create', '900'], [/lxc_options\/0: sets lxc\.hook\.pre-start, which runs code or paths on the host: refused/]);
});

test.run();
