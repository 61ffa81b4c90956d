// vm.config: facts in, commands out (converged / different / cloud-init / absent).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { vmConfig, type VmConfigParams } from '../../../src/tasks/vm/config.js';
import { argvs, factsFrom, planOf } from '../../helpers/facts.js';

const p: VmConfigParams = { vmid: '1001', cores: 4, memory: 8192, onboot: true, cloudinit: true, ipconfig0: 'ip=10.0.0.5/24,gw=10.0.0.1' };
const converged = { cores: '4', memory: '8192', onboot: '1', agent: '1', ipconfig0: 'gw=10.0.0.1,ip=10.0.0.5/24', tags: 'phoenix' };
const vm = (config: Record<string, string>) => factsFrom({ '1001': { type: 'qemu', config } });

test('converged (ipconfig keys in another order, agent as enabled=1): no change, no command', () => {
  const plan = planOf(vmConfig, vm({ ...converged, agent: 'enabled=1' }), p);
  assert.equal(plan, { change: { kind: 'none' }, commands: [] });
});

test('memory differs: one qm set with only --memory, no cloud-init update', () => {
  const plan = planOf(vmConfig, vm({ ...converged, memory: '4096' }), p);
  assert.is(plan.change.kind, 'update');
  assert.equal(plan.change.kind !== 'none' && plan.change.diff, [{ field: 'memory', from: '4096', to: '8192' }]);
  assert.equal(argvs(plan), [['qm', 'set', '1001', '--memory', '8192']]);
});

test('a cloud-init key changed: qm set, then qm cloudinit update', () => {
  const plan = planOf(vmConfig, vm({ ...converged, ipconfig0: 'ip=dhcp' }), p);
  assert.equal(argvs(plan), [['qm', 'set', '1001', '--ipconfig0', 'ip=10.0.0.5/24,gw=10.0.0.1'], ['qm', 'cloudinit', 'update', '1001']]);
});

test('a cloud-init key changed on a VM without cloud-init: no cloudinit update', () => {
  const plan = planOf(vmConfig, vm({ ...converged, ipconfig0: 'ip=dhcp' }), { ...p, cloudinit: false });
  assert.equal(argvs(plan), [['qm', 'set', '1001', '--ipconfig0', 'ip=10.0.0.5/24,gw=10.0.0.1']]);
});

test('firewall flag: only the flag of net0 flips, the NIC (model=MAC, bridge) stays', () => {
  const plan = planOf(vmConfig, vm({ ...converged, net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0' }), { ...p, firewall: true });
  assert.equal(argvs(plan), [['qm', 'set', '1001', '--net0', 'virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1']]);
});

test('name changed by hand: named, one qm set puts it back (hot-plugged: nothing pending)', () => {
  const plan = planOf(vmConfig, running({ ...converged, name: 'x' }), { ...p, name: 'worker' });
  assert.is(plan.change.detail, 'name x -> worker');
  assert.equal(argvs(plan), [['qm', 'set', '1001', '--name', 'worker']]);
  assert.is(planOf(vmConfig, vm({ ...converged, name: 'worker' }), { ...p, name: 'worker' }).change.kind, 'none');
});

test('the ownership tag removed: drift on tags, other tags kept (the runner refuses to act without --adopt)', () => {
  const plan = planOf(vmConfig, vm({ ...converged, tags: 'phx-f-aaaaaaaa-base;db' }), p);
  assert.is(plan.change.detail, 'tags phx-f-aaaaaaaa-base;db -> db;phoenix;phx-f-aaaaaaaa-base');
  assert.equal(argvs(plan), [['qm', 'set', '1001', '--tags', 'db;phoenix;phx-f-aaaaaaaa-base']]);
});

test('left locked by an interrupted create or clone: refused with the way out, no qm set', () => {
  assert.throws(() => planOf(vmConfig, factsFrom({ '1001': { type: 'qemu', lock: 'clone', config: { lock: 'clone' } } }), p),
    /^VM 1001 was left locked \(clone\) by an interrupted clone; it carries no Phoenix record yet, so `--adopt --recreate`/);
  assert.throws(() => planOf(vmConfig, factsFrom({ '1001': { type: 'qemu', lock: 'create', config: { ...converged, lock: 'create' } } }), p),
    /^VM 1001 was left locked \(create\) by an interrupted create; `--recreate` destroys and re-creates it$/);
});

test('absent: pending after create; with mustExist (reconfigure): refused, naming it', () => {
  const plan = planOf(vmConfig, factsFrom({}), p);
  assert.is(plan.change.kind, 'update');
  assert.equal(plan.commands, []);
  assert.throws(() => planOf(vmConfig, factsFrom({}), { ...p, mustExist: true }), /VM 1001 does not exist on pve: create it first/);
});

test('part of reconfigure, owned, re-reads the guest config', () => {
  assert.is(vmConfig.reconfigure, true);
  assert.is(vmConfig.owned, true);
  assert.is(vmConfig.reread, 'guest');
  assert.equal(vmConfig.guests(p), ['1001']);
});

// Pending (qemu-server src/PVE/QemuServer.pm vmconfig_hotplug_pending): compared with current + [PENDING]
const running = (config: Record<string, string>, pending: Record<string, string> = {}) =>
  factsFrom({ '1001': { type: 'qemu', status: 'running', config, pending } });

test('pending: running VM, memory changed (default hotplug network,disk,usb) -> one qm set, reported as pending; then nothing', () => {
  const plan = planOf(vmConfig, running({ ...converged, memory: '4096' }), p);
  assert.equal(argvs(plan), [['qm', 'set', '1001', '--memory', '8192']]);
  assert.is(plan.change.detail, 'memory 4096 -> 8192 (pending until restart)');
  assert.equal(plan.change.pending, ['memory']);
  // what PVE leaves: memory in [PENDING]; the confirming re-plan (and every later run) sends nothing
  const again = planOf(vmConfig, running({ ...converged, memory: '4096' }, { memory: '8192' }), p);
  assert.equal(again, { change: { kind: 'none', detail: 'memory pending until restart', pending: ['memory'] }, commands: [] });
});

test('pending: with hotplug memory the memory change is applied live: no pending marker', () => {
  const plan = planOf(vmConfig, running({ ...converged, memory: '4096', hotplug: 'network,disk,memory' }), p);
  assert.is(plan.change.detail, 'memory 4096 -> 8192');
  assert.is(plan.change.pending, undefined);
});

test('pending: running VM, cores and ipconfig0 -> cores waits, ipconfig0 (a cloud-init key) is fast-plugged', () => {
  const plan = planOf(vmConfig, running({ ...converged, cores: '2', ipconfig0: 'ip=dhcp' }), p);
  assert.equal(argvs(plan), [['qm', 'set', '1001', '--cores', '4', '--ipconfig0', 'ip=10.0.0.5/24,gw=10.0.0.1'], ['qm', 'cloudinit', 'update', '1001']]);
  assert.equal(plan.change.pending, ['cores']);
  assert.match(plan.change.detail ?? '', /^cores 2 -> 4 \(pending until restart\); ipconfig0 ip=dhcp -> ip=10\.0\.0\.5\/24,gw=10\.0\.0\.1$/);
});

test('pending: a stopped VM takes memory at once', () => {
  const plan = planOf(vmConfig, vm({ ...converged, memory: '4096' }), p);
  assert.is(plan.change.pending, undefined);
});

test.run();
