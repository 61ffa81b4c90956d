// Shared guest tasks: disk grow, firewall — facts in, commands out (the application script: app-script.test.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diskTask } from '../../src/tasks/disk.js';
import { firewallTask, type FirewallParams } from '../../src/tasks/firewall.js';
import { parseFwFile, ruleFromConfig } from '../../src/tasks/firewall-rules.js';
import { argvs, factsFrom, planOf } from '../helpers/facts.js';

const disk = diskTask('lxc');
const fw = firewallTask('lxc');

test('disk: grows (8G -> 16G) with one pct resize; an equal size already there is accepted', () => {
  const plan = planOf(disk, factsFrom({ '950': { config: { rootfs: 'local-lvm:vm-950-disk-0,size=8G' } } }), { vmid: '950', disk: 'rootfs', sizeGb: 16 });
  assert.equal(plan.change, { kind: 'update', detail: 'rootfs 8G -> 16G', diff: [{ field: 'rootfs', from: '8G', to: '16G' }] });
  assert.equal(argvs(plan), [['pct', 'resize', '950', 'rootfs', '16G']]);
  assert.ok(new RegExp(plan.commands[0]!.okIf!).test('disk is already at specified size'));
  // the re-read after the resize shows the new size: nothing more to do
  assert.equal(planOf(disk, factsFrom({ '950': { config: { rootfs: 'local-lvm:vm-950-disk-0,size=16G' } } }), { vmid: '950', disk: 'rootfs', sizeGb: 16 }).commands, []);
});

test('disk: equal sizes in other units are equal (16384M), never shrinks and says so', () => {
  const same = planOf(disk, factsFrom({ '950': { config: { rootfs: 'x:y,size=16384M' } } }), { vmid: '950', disk: 'rootfs', sizeGb: 16 });
  assert.equal(same, { change: { kind: 'none', detail: '16384M' }, commands: [] });
  const big = planOf(disk, factsFrom({ '950': { config: { rootfs: 'x:y,size=32G' } } }), { vmid: '950', disk: 'rootfs', sizeGb: 16 });
  assert.equal(big.change, { kind: 'none', detail: 'rootfs is 32G, larger than the configured 16G: disks are never shrunk' });
  assert.equal(big.commands, []);
});

test('disk: a VM disk is grown with qm resize; size unknown -> resize; no such disk -> refused', () => {
  const vmDisk = diskTask('vm');
  const plan = planOf(vmDisk, factsFrom({ '1000': { type: 'qemu', config: { scsi0: 'local-lvm:vm-1000-disk-0' } } }), { vmid: '1000', disk: 'scsi0', sizeGb: 32 });
  assert.equal(plan.change, { kind: 'update', detail: 'scsi0 size unknown -> 32G' });
  assert.equal(argvs(plan), [['qm', 'resize', '1000', 'scsi0', '32G']]);
  assert.throws(() => planOf(vmDisk, factsFrom({ '1000': { type: 'qemu' } }), { vmid: '1000', disk: 'scsi0', sizeGb: 32 }), /VM 1000 has no scsi0/);
});

const rules = [{ type: 'in' as const, action: 'ACCEPT', proto: 'tcp', port: '22', source: '10.0.0.0/24', comment: 'ssh' }];
const fwp: FirewallParams = { vmid: '950', pveNode: 'pve', enabled: true, rules };

test('firewall absent: rules created, then the firewall enabled; the re-read shows them: nothing more', () => {
  const plan = planOf(fw, factsFrom({ '950': {} }), fwp);
  assert.is(plan.change.kind, 'update');
  assert.is(plan.change.kind !== 'none' && plan.change.detail, 'enable -> 1; rules: 0 -> 1');
  assert.equal(argvs(plan), [
    ['pvesh', 'create', '/nodes/pve/lxc/950/firewall/rules', '--type', 'in', '--action', 'ACCEPT', '--enable', '1', '--proto', 'tcp', '--dport', '22', '--source', '10.0.0.0/24', '--comment', 'ssh', '--pos', '0'],
    ['pvesh', 'set', '/nodes/pve/lxc/950/firewall/options', '--enable', '1'],
  ]);
  const after = factsFrom({ '950': { firewall: { options: { enable: '1' }, rules: rules.map(ruleFromConfig) } } });
  assert.equal(planOf(fw, after, fwp), { change: { kind: 'none' }, commands: [] });
});

test('firewall changed: the new rules are inserted before the stale ones are deleted (never a window without rules)', () => {
  const facts = factsFrom({ '950': { firewall: { options: { enable: '1' }, rules: ['type=in action=ACCEPT enable=1 proto=tcp dport=80', 'type=in action=DROP enable=1'] } } });
  const plan = planOf(fw, facts, fwp);
  assert.equal(argvs(plan).map((c) => `${c[1]} ${c[2]}`), ['create /nodes/pve/lxc/950/firewall/rules', 'delete /nodes/pve/lxc/950/firewall/rules/2', 'delete /nodes/pve/lxc/950/firewall/rules/1']);
});

test('firewall: several new rules are created last first (each lands on top), a VM uses the qemu path, dport is read like port', () => {
  const two = [...rules, { type: 'out' as const, action: 'DROP', dport: '25' }];
  const plan = planOf(firewallTask('vm'), factsFrom({ '1000': { type: 'qemu', firewall: { options: { enable: '1' }, rules: [] } } }), { ...fwp, vmid: '1000', rules: two });
  assert.equal(argvs(plan), [
    ['pvesh', 'create', '/nodes/pve/qemu/1000/firewall/rules', '--type', 'out', '--action', 'DROP', '--enable', '1', '--dport', '25', '--pos', '0'],
    ['pvesh', 'create', '/nodes/pve/qemu/1000/firewall/rules', '--type', 'in', '--action', 'ACCEPT', '--enable', '1', '--proto', 'tcp', '--dport', '22', '--source', '10.0.0.0/24', '--comment', 'ssh', '--pos', '0'],
  ]);
});

test('firewall: a security group keeps its name as written (only verdicts are upper-cased); the .fw line reads back equal', () => {
  const group = [{ type: 'group' as const, action: 'webServers' }];
  const plan = planOf(fw, factsFrom({ '950': { firewall: { options: { enable: '1' }, rules: [] } } }), { ...fwp, rules: group });
  assert.equal(argvs(plan), [['pvesh', 'create', '/nodes/pve/lxc/950/firewall/rules', '--type', 'group', '--action', 'webServers', '--enable', '1', '--pos', '0']]);
  const after = factsFrom({ '950': { firewall: parseFwFile('[OPTIONS]\nenable: 1\n\n[RULES]\n\nGROUP webServers\n') } });
  assert.is(planOf(fw, after, { ...fwp, rules: group }).change.kind, 'none');
});

test.run();
