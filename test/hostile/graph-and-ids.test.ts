// Hostile corpus, references and ids: cycles, unknown ids, duplicates across files, and hostile ids on the CLI.
// Each is refused with a clear line (file + JSON path where a file is at fault), exit 1, and nothing sent.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeEstate } from '../helpers/estate.js';
import { sampleLxc, sampleVm } from '../helpers/fixtures.js';
import { assertNoMarker, assertRefused, lxcWith, marker, runFresh, vmWith } from './hostile-helpers.js';

test('cycle of two LXC guests through dependencies (950 <-> 960) is named in full', async () => {
  const lxc = sampleLxc();
  lxc.lxc_configs['960'] = { ...lxc.lxc_configs['950']!, name: 'c', dependencies: ['950'] };
  lxc.lxc_configs['950']!.dependencies = ['960'];
  await assertRefused({ lxc }, [/^(?:Error: )?phoenix_lxc_configs\.json: \/lxc_configs\/\d+\/dependencies\/0: cycle: (950 -> 960 -> 950|960 -> 950 -> 960)$/]);
});

test('cycle of three LXC guests (950 -> 960 -> 961 -> 950) is named in full', async () => {
  const lxc = sampleLxc();
  lxc.lxc_configs['960'] = { ...lxc.lxc_configs['900']!, name: 'b', dependencies: ['961'] };
  lxc.lxc_configs['961'] = { ...lxc.lxc_configs['900']!, name: 'c', dependencies: ['950'] };
  lxc.lxc_configs['950']!.dependencies = ['960'];
  const r = await assertRefused({ lxc }, [/^(?:Error: )?phoenix_lxc_configs\.json: \/lxc_configs\/\d+\/dependencies\/0: cycle: (\d+) -> (\d+) -> (\d+) -> \1$/]);
  const ids = /cycle: (.*)$/m.exec(r.stderr)![1]!.split(' -> ').slice(0, 3).sort();
  assert.equal(ids, ['950', '960', '961']);
});

test('cycle through LXC <-> VM (950 depends on VM 9100, which depends on 950)', async () => {
  await assertRefused({ lxc: lxcWith('/lxc_configs/950/dependencies', ['9100']) }, [/^(?:Error: )?phoenix_lxc_configs\.json: \/lxc_configs\/950\/dependencies\/0: cycle: 950 -> 9100 -> 950$/]);
});

test('cycle through a clone source (900 depends on its own clone 950)', async () => {
  await assertRefused({ lxc: lxcWith('/lxc_configs/900/dependencies', ['950']) }, [/^(?:Error: )?phoenix_lxc_configs\.json: \/lxc_configs\/900\/dependencies\/0: cycle: 900 -> 950 -> 900$/]);
});

test('a guest that depends on itself', async () => {
  await assertRefused({ lxc: lxcWith('/lxc_configs/950/dependencies', ['950']) }, [/^(?:Error: )?phoenix_lxc_configs\.json: \/lxc_configs\/950\/dependencies\/0: cycle: 950 -> 950$/]);
});

test('unknown dependency id -> JSON path of the entry', async () => {
  await assertRefused({ lxc: lxcWith('/lxc_configs/950/dependencies', ['900', '4242']) }, ["phoenix_lxc_configs.json: /lxc_configs/950/dependencies/1: unknown guest '4242'"]);
});

test('unknown clone source (LXC clone_from_ctid) -> JSON path', async () => {
  await assertRefused({ lxc: lxcWith('/lxc_configs/950/clone_from_ctid', '777') }, ["phoenix_lxc_configs.json: /lxc_configs/950/clone_from_ctid: unknown guest '777'"]);
});

test('unknown clone source (VM clone_from_vmid) -> JSON path', async () => {
  await assertRefused({ vm: vmWith('/vms/1/clone_from_vmid', 777) }, ["phoenix_vm_configs.json: /vms/1/clone_from_vmid: unknown guest '777'"]);
});

test('unknown node -> JSON path and the known nodes', async () => {
  await assertRefused({ lxc: lxcWith('/lxc_configs/950/node', 'nowhere') }, [/^phoenix_lxc_configs\.json: \/lxc_configs\/950\/node: unknown node 'nowhere'/]);
});

test('the same id in the LXC and the VM file -> both places named', async () => {
  await assertRefused({ vm: vmWith('/vms/1/vmid', 950) }, [/^phoenix_vm_configs\.json: \/vms\/1\/vmid: id 950 is also defined in phoenix_lxc_configs\.json/]);
});

test('duplicate vmid inside the VM file -> both entries named', async () => {
  await assertRefused({ vm: vmWith('/vms/1/vmid', 9000) }, ['phoenix_vm_configs.json: /vms/1/vmid: duplicate vmid 9000 (also /vms/0)']);
});

test('unknown target id on the CLI: the seed message, nothing sent', async () => {
  await assertRefused({}, ["Error: Target ID '9999' not found"], ['create', '9999']);
});

for (const id of ['950;rm -rf /', '$(id)', '`id`', "950' || touch /tmp/x '", '950|id', '-rf']) {
  test(`hostile target id on the CLI: ${JSON.stringify(id)} is an unknown id, nothing sent`, async () => {
    await assertRefused({}, [`Error: Target ID '${id}' not found`], ['create', '--', id]);
  });
}

test('hostile target id with a newline: refused, nothing sent, nothing executed', async () => {
  const m = marker('target-nl');
  await assertRefused({}, [/^Error: Target ID '950/], ['create', `950\ntouch ${m}`]);
  assertNoMarker(m, 'target id');
});

for (const limit of ['950;rm', '$(touch MARKER)', '950,`touch MARKER`', '950 900']) {
  test(`hostile --limit ${JSON.stringify(limit)}: refused as an unknown id, nothing sent`, async () => {
    const m = marker('limit');
    await assertRefused({}, [/^Error: Target ID '.+' not found$/], ['run', 'create', '--limit', limit.replace('MARKER', m)]);
    assertNoMarker(m, '--limit');
  });
}

test('hostile --concurrency: a usage error, nothing sent', async () => {
  await assertRefused({}, ["Error: --concurrency needs a positive integer, not '1;touch /tmp/x'"], ['create', '950', '--concurrency', '1;touch /tmp/x']);
});

test('hostile -c path: "file not found" for exactly that path, nothing sent', async () => {
  const m = marker('cfg');
  const { r, audit } = await runFresh({}, ['create', '950', '-c', `./x;touch ${m}`]);
  assert.is(r.code, 1);
  assert.match(r.stderr, `file not found: `);
  assert.match(r.stderr, `x;touch ${m}`);
  assert.equal(audit, []);
  assertNoMarker(m, '-c');
});

test('hostile -o path of plan: the file is written at exactly that literal path, nothing sent', async () => {
  const e = makeEstate({});
  try {
    const m = marker('plan-o');
    const rel = `out $(touch ${m});\`id\`/p'"lan.yaml`;
    const r = await e.run('plan', 'create', '950', '-o', rel);
    assert.is(r.code, 0, r.stderr);
    assert.ok(existsSync(join(e.dir, rel)), 'the playbook is at the literal path');
    assert.match(readFileSync(join(e.dir, rel), 'utf8'), /lxc\.create/);
    assert.equal(e.audit(), []);
    assertNoMarker(m, 'plan -o');
  } finally {
    e.cleanup();
  }
});

test('an unknown --suite name runs nothing and sends no mutating command', async () => {
  const m = marker('suite');
  const { r, audit } = await runFresh({ vm: { ...sampleVm(), vms: [] } }, ['test', '950', '--suite', `$(touch ${m})`]);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}`);
  assert.ok((r.stdout + r.stderr).includes(`$(touch ${m})`), 'the suite name is echoed literally');
  assert.equal(audit.filter((a) => !/^pvesh get |^pct (list|status|config)/.test(a)), []);
  assertNoMarker(m, '--suite');
});

test.run();
