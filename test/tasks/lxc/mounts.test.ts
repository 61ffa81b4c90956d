import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lxcMounts, type MountsParams } from '../../../src/tasks/lxc/mounts.js';
import { argvs, factsFrom, planOf } from '../../helpers/facts.js';

const p: MountsParams = {
  vmid: '801', unprivileged: true,
  mounts: [
    { mp: '/vllm_models', kind: 'volume', storage: 'fastData', sizeGb: 50 },
    { mp: '/var/log/nginx', kind: 'bind', hostPath: '/mnt/pve/logs/101', owner: { uid: 33, gid: 33 } },
  ],
};

test('absent: one volume allocated and one bind added, the bind dir created with the shifted owner', () => {
  const plan = planOf(lxcMounts, factsFrom({ '801': { config: { mp0: '/other,mp=/srv/other' } } }), p);
  assert.is(plan.change.kind, 'update');
  assert.equal(argvs(plan), [
    ['mkdir', '-p', '/mnt/pve/logs/101'],
    ['chown', '100033:100033', '/mnt/pve/logs/101'],
    ['pct', 'set', '801', '--mp1', 'fastData:50,mp=/vllm_models', '--mp2', '/mnt/pve/logs/101,mp=/var/log/nginx'],
  ]);
});

test('the bind dir is made under the node\'s host root (facts.paths.hostRoot); a privileged CT keeps the ids', () => {
  const facts = factsFrom({ '801': {} });
  facts.paths.hostRoot = '/srv/sim/host';
  const plan = planOf(lxcMounts, facts, { ...p, unprivileged: false });
  assert.equal(argvs(plan).slice(0, 2), [['mkdir', '-p', '/srv/sim/host/mnt/pve/logs/101'], ['chown', '33:33', '/srv/sim/host/mnt/pve/logs/101']]);
});

test('an mpN index held by a pending change is not reused', () => {
  const plan = planOf(lxcMounts, factsFrom({ '801': { pending: { mp0: 'x:1,mp=/pending' } } }), { ...p, mounts: [p.mounts[0]!] });
  assert.equal(argvs(plan), [['pct', 'set', '801', '--mp1', 'fastData:50,mp=/vllm_models']]);
});

test('present (any mpN index): matched by mount path, nothing allocated again — the original allocated on every run', () => {
  const facts = factsFrom({ '801': { config: {
    mp3: 'fastData:subvol-801-disk-1,mp=/vllm_models,size=50G',
    mp0: '/mnt/pve/logs/101,mp=/var/log/nginx',
  } } });
  assert.equal(planOf(lxcMounts, facts, p), { change: { kind: 'none' }, commands: [] });
});

test('volume smaller than configured: grown in place, never re-allocated', () => {
  const facts = factsFrom({ '801': { config: { mp0: 'fastData:subvol-801-disk-1,mp=/vllm_models,size=20G', mp1: '/mnt/pve/logs/101,mp=/var/log/nginx' } } });
  const plan = planOf(lxcMounts, facts, p);
  assert.equal(argvs(plan), [['pct', 'resize', '801', 'mp0', '50G']]);
  assert.ok(new RegExp(plan.commands[0]!.okIf!).test('disk is already at specified size'));
  assert.ok(!argvs(plan).some((c) => c[1] === 'set'));
});

test('a bind pointing elsewhere is re-pointed at the same index', () => {
  const facts = factsFrom({ '801': { config: { mp0: 'fastData:subvol-801-disk-1,mp=/vllm_models,size=50G', mp5: '/old/path,mp=/var/log/nginx' } } });
  const plan = planOf(lxcMounts, facts, p);
  assert.ok(argvs(plan).some((c) => c.join(' ') === 'pct set 801 --mp5 /mnt/pve/logs/101,mp=/var/log/nginx'));
});

test('volumes hold their storage as a scheduler resource', () => {
  assert.equal(lxcMounts.resources?.(p, 'pve'), ['storage:pve:fastData']);
});

// Pending (pve-container src/PVE/LXC/Config.pm vmconfig_hotplug_pending: a new mpN is hot-plugged, a changed one waits)
const vol = 'fastData:subvol-801-disk-1,mp=/vllm_models,size=50G';
const bindOnly: MountsParams = { ...p, mounts: [p.mounts[1]!] };

test('pending: running CT, a bind re-pointed -> one pct set, reported as pending until restart; PVE parks it: nothing more', () => {
  const running = { status: 'running', config: { mp0: vol, mp5: '/old/path,mp=/var/log/nginx' } };
  const plan = planOf(lxcMounts, factsFrom({ '801': running }), p);
  assert.ok(argvs(plan).some((c) => c.join(' ') === 'pct set 801 --mp5 /mnt/pve/logs/101,mp=/var/log/nginx'));
  assert.is(plan.change.detail, 'mp5: rebind /var/log/nginx: /old/path -> /mnt/pve/logs/101 (pending until restart)');
  assert.equal(plan.change.pending, ['mp5']);
  const after = factsFrom({ '801': { ...running, pending: { mp5: '/mnt/pve/logs/101,mp=/var/log/nginx' } } });
  assert.equal(planOf(lxcMounts, after, p), { change: { kind: 'none', detail: 'mp5 pending until restart', pending: ['mp5'] }, commands: [] });
});

test('pending: running CT, a new bind is hot-plugged (a new mpN): no pending marker', () => {
  const plan = planOf(lxcMounts, factsFrom({ '801': { status: 'running', config: { mp0: vol } } }), p);
  assert.ok(argvs(plan).some((c) => c.join(' ') === 'pct set 801 --mp1 /mnt/pve/logs/101,mp=/var/log/nginx'));
  assert.is(plan.change.pending, undefined);
});

test('pending: the wanted bind is already pending at its index -> no command', () => {
  const facts = factsFrom({ '801': { status: 'running', config: { mp5: '/old/path,mp=/var/log/nginx' }, pending: { mp5: '/mnt/pve/logs/101,mp=/var/log/nginx' } } });
  assert.equal(planOf(lxcMounts, facts, bindOnly).commands, []);
});

test('pending: a pending delete of a wanted mount -> set to its current value (cancels the delete), nothing allocated', () => {
  const facts = factsFrom({ '801': { status: 'running', config: { mp0: vol }, pendingDelete: ['mp0'] } });
  const plan = planOf(lxcMounts, facts, { ...p, mounts: [p.mounts[0]!] });
  assert.equal(argvs(plan), [['pct', 'set', '801', '--mp0', vol]]);
  assert.match(plan.change.detail ?? '', /cancel its pending delete/);
});

test.run();
