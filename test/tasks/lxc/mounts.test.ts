import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BIND_DIR_SCRIPT } from '../../../src/tasks/lxc/bind-dir.js';
import { lxcMounts, type MountsParams } from '../../../src/tasks/lxc/mounts.js';
import { argvs, factsFrom, planOf } from '../../helpers/facts.js';

const bindDir = (dir: string, owner: string, record = '/var/lib/phoenix/created-dirs'): string[] => ['sh', '-c', BIND_DIR_SCRIPT, 'phoenix-bind-dir', dir, owner, record];

const p: MountsParams = {
  vmid: '801', unprivileged: true,
  mounts: [
    { mp: '/vllm_models', kind: 'volume', storage: 'fastData', sizeGb: 50 },
    { mp: '/var/log/nginx', kind: 'bind', hostPath: '/mnt/pve/logs/101', owner: { uid: 33, gid: 33 } },
  ],
};

test('absent: one volume allocated and one bind added, the bind dir made (if absent) with the shifted owner', () => {
  const plan = planOf(lxcMounts, factsFrom({ '801': { config: { mp0: '/other,mp=/srv/other' } } }), p);
  assert.is(plan.change.kind, 'update');
  assert.equal(argvs(plan), [
    bindDir('/mnt/pve/logs/101', '100033:100033'),
    ['pct', 'set', '801', '--mp1', 'fastData:50,mp=/vllm_models', '--mp2', '/mnt/pve/logs/101,mp=/var/log/nginx'],
  ]);
});

test('the bind dir is made under the node\'s host root (facts.paths.hostRoot); a privileged CT keeps the ids', () => {
  const facts = factsFrom({ '801': {} });
  facts.paths.hostRoot = '/srv/sim/host';
  const plan = planOf(lxcMounts, facts, { ...p, unprivileged: false });
  assert.equal(argvs(plan)[0], bindDir('/srv/sim/host/mnt/pve/logs/101', '33:33', '/srv/sim/host/var/lib/phoenix/created-dirs'));
  const noOwner = planOf(lxcMounts, facts, { ...p, mounts: [{ mp: '/x', kind: 'bind', hostPath: '/srv/x' }] });
  assert.equal(argvs(noOwner)[0], bindDir('/srv/sim/host/srv/x', '', '/srv/sim/host/var/lib/phoenix/created-dirs'), 'no owner: made and recorded, left root\'s');
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

test('the task schema refuses `.`/`..` segments, relative paths, `,` and `=` in mount and host paths, and a bad storage id', async () => {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const valid = new Ajv2020({ strict: false }).compile(lxcMounts.schema);
  const bind = (hostPath: string, mp = '/data'): MountsParams => ({ vmid: '801', unprivileged: true, mounts: [{ mp, kind: 'bind', hostPath }] });
  assert.ok(valid(bind('/srv/ws/victim')), 'control: a plain bind is valid');
  for (const bad of ['/srv/ws/../victim', '/srv/ws/..', '/srv/./x', 'srv/x', '../x', '/srv/a,ro=1', '/srv/a=b']) {
    assert.not.ok(valid(bind(bad)), `hostPath ${bad}`);
    assert.not.ok(valid(bind('/srv/ok', bad)), `mp ${bad}`);
  }
  for (const storage of ['-x', 'a', 'a-', '--storage=x']) {
    assert.not.ok(valid({ vmid: '801', unprivileged: true, mounts: [{ mp: '/v', kind: 'volume', storage, sizeGb: 1 }] }), `storage ${storage}`);
  }
});

// The script itself, on a scratch directory (the record and the directories under it). Owners need root to change.
const asRoot = process.getuid?.() === 0;
function scratch(): { dir: string; rec: string; run: (d: string, ids: string) => { stderr: string } } {
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-bind-dir-'));
  const rec = join(dir, 'var/lib/phoenix/created-dirs');
  const run = (d: string, ids: string): { stderr: string } => {
    const r = spawnSync('sh', ['-c', BIND_DIR_SCRIPT, 'phoenix-bind-dir', d, ids, rec], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    return { stderr: r.stderr };
  };
  return { dir, rec, run };
}

test('an existing directory is never chowned (the host dir stays root\'s), and the operator is told', () => {
  const { dir, rec, run } = scratch();
  try {
    const victim = join(dir, 'victim');
    mkdirSync(victim);
    const before = statSync(victim);
    const r = run(victim, '101000:101000');
    assert.is(statSync(victim).uid, before.uid);
    assert.is(statSync(victim).gid, before.gid);
    assert.match(r.stderr, /was not created by Phoenix: its owner is left as it is \(not set to 101000:101000\)/);
    assert.not.ok(existsSync(rec) && readFileSync(rec, 'utf8').includes(victim), 'not recorded as Phoenix\'s');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('an absent directory is made (parents too), recorded, and gets the owner; a second run still knows it is Phoenix\'s', () => {
  const { dir, rec, run } = scratch();
  try {
    const made = join(dir, 'srv/ws/950');
    run(made, asRoot ? '101000:101000' : '');
    assert.ok(statSync(made).isDirectory());
    assert.is(readFileSync(rec, 'utf8'), `${made}\n`);
    if (asRoot) assert.is(statSync(made).uid, 101000);
    if (asRoot) {
      // a run that stopped after the mkdir: the directory is there, recorded, still root's; the next run sets the owner
      execFileSync('chown', ['0:0', made]);
      run(made, '101000:101000');
      assert.is(statSync(made).uid, 101000);
    }
    run(made, '');
    assert.is(readFileSync(rec, 'utf8'), `${made}\n`, 'recorded once');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a recorded directory replaced by a symbolic link: the link is not followed', () => {
  const { dir, rec, run } = scratch();
  try {
    const target = join(dir, 'etc');
    mkdirSync(target);
    const link = join(dir, 'srv');
    mkdirSync(join(dir, 'var/lib/phoenix'), { recursive: true });
    writeFileSync(rec, `${link}\n`);
    symlinkSync(target, link);
    const before = statSync(target).uid;
    run(link, '101000:101000');
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.is(statSync(target).uid, before);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test.run();
