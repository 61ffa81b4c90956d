import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LxcSettings } from '../../../src/compile/lxc-params.js';
import { lxcConfig } from '../../../src/tasks/lxc/config.js';
import { argvs, factsFrom, planOf } from '../../helpers/facts.js';

const want: LxcSettings = {
  vmid: '950', memory: 2048, cores: 2, onboot: true, startup: 'order=3,up=5,down=5',
  net0: { name: 'eth0', bridge: 'vmbr0', ip: '10.0.0.50/24', gw: '10.0.0.1', hwaddr: '52:54:00:AA:BB:CC' },
};
const converged = {
  memory: '2048', cores: '2', onboot: '1', startup: 'order=3,up=5,down=5',
  net0: 'name=eth0,bridge=vmbr0,gw=10.0.0.1,hwaddr=52:54:00:aa:bb:cc,ip=10.0.0.50/24,type=veth',
  tags: 'phoenix',
};

test('converged config (MAC case differs): no change, no command', () => {
  const facts = factsFrom({ '950': { config: { ...converged } } });
  assert.equal(planOf(lxcConfig, facts, want), { change: { kind: 'none' }, commands: [] });
});

test('memory differs: one pct set with only --memory, naming the field; the re-read shows it: nothing more', () => {
  const plan = planOf(lxcConfig, factsFrom({ '950': { config: { ...converged, memory: '1024' } } }), want);
  assert.is(plan.change.kind, 'update');
  assert.equal(plan.change.kind !== 'none' && plan.change.diff, [{ field: 'memory', from: '1024', to: '2048' }]);
  assert.equal(argvs(plan), [['pct', 'set', '950', '--memory', '2048']]);
  assert.is(planOf(lxcConfig, factsFrom({ '950': { config: { ...converged, memory: '2048' } } }), want).change.kind, 'none');
});

test('net0 after a clone (new MAC, other ip): set net0 with the configured MAC', () => {
  const facts = factsFrom({ '950': { config: { ...converged, net0: 'name=eth0,bridge=vmbr0,hwaddr=BC:24:11:01:02:03,ip=10.0.0.200/24,type=veth' } } });
  assert.equal(argvs(planOf(lxcConfig, facts, want))[0], ['pct', 'set', '950', '--net0', 'name=eth0,bridge=vmbr0,gw=10.0.0.1,hwaddr=52:54:00:AA:BB:CC,ip=10.0.0.50/24,type=veth']);
});

test('no MAC configured: the generated MAC is kept, not churned', () => {
  const { hwaddr: _, ...net0 } = want.net0;
  const facts = factsFrom({ '950': { config: { ...converged, net0: 'name=eth0,bridge=vmbr0,gw=10.0.0.1,hwaddr=BC:24:11:01:02:03,ip=10.0.0.50/24,type=veth' } } });
  assert.is(planOf(lxcConfig, facts, { ...want, net0 }).change.kind, 'none');
});

test('firewall flag wanted and absent: net0 rewritten with firewall=1', () => {
  const facts = factsFrom({ '950': { config: { ...converged } } });
  assert.match(argvs(planOf(lxcConfig, facts, { ...want, net0: { ...want.net0, firewall: true } }))[0]!.join(' '), /--net0 name=eth0,bridge=vmbr0,firewall=1,/);
});

// Drift on every field Phoenix sets that `pct set` changes: hostname, ostype, the ownership tag

test('hostname changed by hand (`pct set 960 --hostname x`): named field by field, one pct set puts it back', () => {
  const facts = factsFrom({ '950': { status: 'running', config: { ...converged, hostname: 'x' } } });
  const plan = planOf(lxcConfig, facts, { ...want, hostname: 'ct950' });
  // before: hostname was not compared at all, so the second run said "Nothing changed"
  assert.is(plan.change.detail, 'hostname x -> ct950');
  assert.equal(plan.change.kind !== 'none' && plan.change.diff, [{ field: 'hostname', from: 'x', to: 'ct950' }]);
  assert.equal(argvs(plan), [['pct', 'set', '950', '--hostname', 'ct950']]);
  // hot-plugged (pve-container $LXC_FASTPLUG_OPTIONS): nothing waits for a restart
  assert.is(plan.change.pending, undefined);
  assert.is(planOf(lxcConfig, factsFrom({ '950': { config: { ...converged, hostname: 'ct950' } } }), { ...want, hostname: 'ct950' }).change.kind, 'none');
});

test('ostype relabelled by hand: set back to what the template is; on a running CT it waits for the restart', () => {
  const facts = factsFrom({ '950': { status: 'running', config: { ...converged, ostype: 'alpine' } } });
  const plan = planOf(lxcConfig, facts, { ...want, ostype: 'debian' });
  assert.equal(argvs(plan), [['pct', 'set', '950', '--ostype', 'debian']]);
  assert.is(plan.change.detail, 'ostype alpine -> debian (pending until restart)');
  // no ostype known (a template whose name says none): not compared
  assert.is(planOf(lxcConfig, facts, want).change.kind, 'none');
});

test('the ownership tag removed: drift on tags, the other tags kept; the runner refuses to act without --adopt', () => {
  const facts = factsFrom({ '950': { config: { ...converged, tags: 'phx-f-aaaaaaaa-base_setup;web' } } });
  const plan = planOf(lxcConfig, facts, want);
  // before: no field looked at the tags, the CT was reported ok, no word
  assert.is(plan.change.kind, 'update');
  assert.is(plan.change.detail, 'tags phx-f-aaaaaaaa-base_setup;web -> phoenix;phx-f-aaaaaaaa-base_setup;web');
  assert.equal(argvs(plan), [['pct', 'set', '950', '--tags', 'phoenix;phx-f-aaaaaaaa-base_setup;web']]);
  assert.is(lxcConfig.owned, true);
  assert.is(planOf(lxcConfig, factsFrom({ '950': { config: { ...converged, tags: 'web' } } }), want).change.detail, 'tags web -> phoenix;web');
  assert.is(planOf(lxcConfig, factsFrom({ '950': { config: { ...converged, tags: undefined as unknown as string } } }), want).change.detail, 'tags (unset) -> phoenix');
});

test('left locked (create) by an interrupted create: refused with the way out, no pct set (it would die in check_lock)', () => {
  const owned = factsFrom({ '950': { lock: 'create', config: { ...converged, lock: 'create', memory: '1024' } } });
  assert.throws(() => planOf(lxcConfig, owned, want), /^CT 950 was left locked \(create\) by an interrupted create or clone; `--recreate` destroys and re-creates it$/);
  const bare = factsFrom({ '950': { lock: 'create', config: { lock: 'create' } } });
  assert.throws(() => planOf(lxcConfig, bare, want), /no Phoenix record yet, so `--adopt --recreate` destroys and re-creates it/);
  // a clone's source with the lock it keeps during the clone: nothing for the config step to say (lxc.create says it)
  assert.is(planOf(lxcConfig, factsFrom({ '950': { lock: 'disk', config: { ...converged, lock: 'disk' } } }), want).change.kind, 'none');
});

test('absent guest: refused (a create chain runs lxc.create first; reconfigure never creates)', () => {
  assert.throws(() => planOf(lxcConfig, factsFrom({}), want), /CT 950 does not exist on pve: create it first/);
});

// Pending (pve-container src/PVE/LXC/Config.pm vmconfig_hotplug_pending): compared with current + [pve:pending]

test('pending: the wanted nameserver already waits in [pve:pending] -> no command, the plan says it waits', () => {
  const facts = factsFrom({ '950': { status: 'running', config: { ...converged, nameserver: '1.1.1.1' }, pending: { nameserver: '8.8.8.8' } } });
  assert.equal(planOf(lxcConfig, facts, { ...want, nameserver: '8.8.8.8' }), {
    change: { kind: 'none', detail: 'nameserver pending until restart', pending: ['nameserver'] }, commands: [],
  });
});

test('pending: running CT, nameserver and features changed -> one pct set, both reported as pending; the re-read is satisfied', () => {
  const running = { status: 'running', config: { ...converged, nameserver: '1.1.1.1' } };
  const target = { ...want, nameserver: '8.8.8.8', features: 'nesting=1' };
  const plan = planOf(lxcConfig, factsFrom({ '950': running }), target);
  assert.equal(argvs(plan), [['pct', 'set', '950', '--nameserver', '8.8.8.8', '--features', 'nesting=1']]);
  assert.is(plan.change.detail, 'nameserver 1.1.1.1 -> 8.8.8.8 (pending until restart); features (unset) -> nesting=1 (pending until restart)');
  assert.equal(plan.change.pending, ['features', 'nameserver']);
  // what PVE leaves: both in [pve:pending]
  const after = factsFrom({ '950': { ...running, pending: { nameserver: '8.8.8.8', features: 'nesting=1' } } });
  const again = planOf(lxcConfig, after, target);
  assert.equal(again.commands, []);
  assert.equal(again.change, { kind: 'none', detail: 'features, nameserver pending until restart', pending: ['features', 'nameserver'] });
});

test('pending: running CT, memory (hot-plugged) changes with nameserver waiting -> only --memory, nameserver still reported', () => {
  const facts = factsFrom({ '950': { status: 'running', config: { ...converged, memory: '1024', nameserver: '1.1.1.1' }, pending: { nameserver: '8.8.8.8' } } });
  const plan = planOf(lxcConfig, facts, { ...want, nameserver: '8.8.8.8' });
  assert.equal(argvs(plan), [['pct', 'set', '950', '--memory', '2048']]);
  assert.is(plan.change.detail, 'memory 1024 -> 2048; nameserver pending until restart');
  assert.equal(plan.change.pending, ['nameserver']);
});

test('pending: a stopped CT takes every key at once: no pending marker', () => {
  const plan = planOf(lxcConfig, factsFrom({ '950': { status: 'stopped', config: { ...converged, nameserver: '1.1.1.1' } } }), { ...want, nameserver: '8.8.8.8' });
  assert.is(plan.change.detail, 'nameserver 1.1.1.1 -> 8.8.8.8');
  assert.is(plan.change.pending, undefined);
});

test('pending: someone else parked another value -> send the wanted one (equal to current: PVE drops the pending value)', () => {
  const facts = factsFrom({ '950': { status: 'running', config: { ...converged, nameserver: '8.8.8.8' }, pending: { nameserver: '9.9.9.9' } } });
  const plan = planOf(lxcConfig, facts, { ...want, nameserver: '8.8.8.8' });
  assert.equal(argvs(plan), [['pct', 'set', '950', '--nameserver', '8.8.8.8']]);
  assert.is(plan.change.detail, 'nameserver 9.9.9.9 -> 8.8.8.8 (reverts the pending value)');
  assert.is(plan.change.pending, undefined);
});

test('pending: a pending delete of a wanted key -> set it again', () => {
  const facts = factsFrom({ '950': { status: 'running', config: { ...converged, nameserver: '8.8.8.8' }, pendingDelete: ['nameserver'] } });
  assert.equal(argvs(planOf(lxcConfig, facts, { ...want, nameserver: '8.8.8.8' })), [['pct', 'set', '950', '--nameserver', '8.8.8.8']]);
});

test.run();
