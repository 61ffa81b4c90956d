// Every argv the drift, re-create and interrupted-create paths plan, checked against the real PVE API schema
// (../shared/reference/pve-api-schema.json): unlock, destroy with --destroy-unreferenced-disks, set --hostname /
// --ostype / --tags / --name. These paths are rare on a converge, so the whole-converge replay never sees them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lxcConfig } from '../../src/tasks/lxc/config.js';
import { lxcCreate } from '../../src/tasks/lxc/create.js';
import { lxcDelete } from '../../src/tasks/lxc/delete.js';
import type { LxcCreateParams } from '../../src/tasks/lxc/params.js';
import { vmConfig } from '../../src/tasks/vm/config.js';
import { vmCreate } from '../../src/tasks/vm/create.js';
import { vmDelete } from '../../src/tasks/vm/delete.js';
import type { VmCreateParams } from '../../src/tasks/vm/params.js';
import { factsFrom, planOf } from '../helpers/facts.js';
import { apiSchema, checkSent, type SentArgv } from '../helpers/pve-api.js';

const ct: LxcCreateParams = {
  vmid: '950', memory: 512, cores: 1, onboot: false, net0: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' },
  hostname: 'ct950', storage: 'local-lvm', rootfsGb: 8, unprivileged: true, template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', arch: 'amd64', recreate: true,
};
const vm: VmCreateParams = {
  vmid: '9100', cores: 1, memory: 512, onboot: false, cloudinit: true, name: 'worker', storage: 'local-lvm', bridge: 'vmbr0', diskGb: 8, isTemplate: false, clone: { from: '9000' }, recreate: true,
};

test('re-create, unlock, destroy and the new config fields pass the PVE API schema', () => {
  const api = apiSchema();
  if (typeof api === 'string') { console.log(`skipped: ${api}`); return; }
  const lockedCt = factsFrom({ '950': { status: 'running', lock: 'create', config: { lock: 'create', tags: 'phoenix' } } });
  const privCt = factsFrom({ '950': { status: 'running', config: { unprivileged: '0', arch: 'amd64', rootfs: 'local-lvm:vm-950-disk-0', tags: 'phoenix' } } });
  const lockedVm = factsFrom({ '9100': { type: 'qemu', lock: 'clone', config: { lock: 'clone' } } });
  const plans = [
    planOf(lxcCreate, lockedCt, ct), planOf(lxcCreate, privCt, ct), planOf(lxcDelete, lockedCt, { vmid: '950' }),
    planOf(lxcCreate, factsFrom({ '950': { lock: 'disk', config: { lock: 'disk', unprivileged: '1', tags: 'phoenix' } } }), ct),
    planOf(lxcConfig, factsFrom({ '950': { config: { hostname: 'x', ostype: 'alpine', memory: '512', cores: '1', onboot: '0', net0: 'name=eth0,bridge=vmbr0,ip=dhcp,type=veth' } } }), { ...ct, ostype: 'debian' }),
    planOf(vmCreate, lockedVm, vm), planOf(vmDelete, lockedVm, { vmid: '9100' }),
    planOf(vmConfig, factsFrom({ '9100': { type: 'qemu', config: { name: 'x', cores: '1', memory: '512', onboot: '0', agent: '1' } } }), { ...vm, name: 'worker' }),
  ];
  const sent: SentArgv[] = plans.flatMap((p, i) => p.commands.map((c) => ({ argv: c.argv, origin: `plan ${i}` })));
  const report = checkSent(api, sent);
  assert.equal(report.refused, []);
  for (const c of ['pct unlock', 'pct destroy', 'pct set', 'qm unlock', 'qm destroy', 'qm set']) assert.ok(report.commands.has(c), `${c} checked: ${[...report.commands.keys()].join(', ')}`);
});

test.run();
