// `connection: local` with a Proxmox CLI first on PATH whose config files Phoenix cannot read under pveRoot (an
// independent simulator, or a node whose /etc/pve is elsewhere): facts come from the CLI (pvesh, pct/qm config,
// listsnapshot, firewall via pvesh), and Phoenix still converges, re-runs clean, and keeps its seed behaviour.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SIM_BIN } from '../../src/runner/connections/sim.js';
import { argvs, makeEstate, mutating, type Estate } from '../helpers/estate.js';
import { sampleLxc } from '../helpers/fixtures.js';

let e: Estate;
const saved = { PATH: process.env.PATH, PVE_SIM_DIR: process.env.PVE_SIM_DIR };
test.before(() => {
  const lxc = sampleLxc();
  delete lxc.lxc_configs['950']!.application_script;
  lxc.lxc_configs['950']!.firewall = { enabled: true, rules: [{ type: 'in', action: 'ACCEPT', proto: 'tcp', port: '22', comment: 'ssh' }] };
  e = makeEstate({
    lxc, vm: { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [] },
    inventory: { defaultNode: 'pve', nodes: { pve: { connection: 'local', pveRoot: '/nonexistent/etc/pve' } } },
  });
  process.env.PATH = `${SIM_BIN}:${process.env.PATH}`;
  process.env.PVE_SIM_DIR = join(e.dir, '.phoenix', 'sim', 'pve');
});
test.after(() => { process.env.PATH = saved.PATH; if (saved.PVE_SIM_DIR === undefined) delete process.env.PVE_SIM_DIR; else process.env.PVE_SIM_DIR = saved.PVE_SIM_DIR; e.cleanup(); });

test('create 950 900: 900 created and snapshotted, 950 cloned, configured (firewall included) and left running', async () => {
  const { r, calls } = await e.during(() => e.run('create', '950', '900'));
  assert.is(r.code, 0, r.stdout);
  const sent = argvs(mutating(calls));
  assert.ok(sent.some((c) => c.startsWith('pct create 900 ')) && sent.includes('pct snapshot 900 final-form') && sent.some((c) => c.startsWith('pct clone 900 950')), sent.join('\n'));
  assert.ok(sent.includes('pct start 950'));
});

test('repeating it sends no mutating command', async () => {
  const { r, calls } = await e.during(() => e.run('create', '950', '900'));
  assert.is(r.code, 0, r.stdout);
  assert.equal(argvs(mutating(calls)), []);
});

test('stop on a stopped guest succeeds; delete removes it', async () => {
  assert.is((await e.run('stop', '950')).code, 0);
  const again = await e.during(() => e.run('stop', '950'));
  assert.is(again.r.code, 0);
  assert.equal(argvs(mutating(again.calls)), []);
  const d = await e.during(() => e.run('delete', '950'));
  assert.is(d.r.code, 0, d.r.stdout);
  assert.equal(argvs(mutating(d.calls)), ['pct destroy 950 --purge 1']);
});

test.run();
