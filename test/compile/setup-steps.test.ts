import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Plan, Step } from '../../src/compile/plan.js';
import { setupSteps } from '../../src/compile/setup-steps.js';
import { parsePlaybook, planToYaml } from '../../src/compile/to-yaml.js';
import { validatePlaybook } from '../../src/compile/validate-playbook.js';
import Ajv2020 from 'ajv/dist/2020.js';
import { hostQueryOf } from '../../src/compile/step-def.js';
import type { Model } from '../../src/inventory/model.js';
import { mergeQueries, type HostQuery } from '../../src/tasks/host/query.js';
import { taskFor } from '../../src/tasks/registry.js';
import { realFixtureDir, skipWithoutRealFixture } from '../helpers/fixtures.js';
import { makeModel, node } from '../helpers/model.js';

const fixture = realFixtureDir();
const realHv = (): Record<string, unknown> => JSON.parse(readFileSync(join(fixture!, 'phoenix_hypervisor_config.json'), 'utf8')) as Record<string, unknown>;

function model(hv: Record<string, unknown>, nodes = [node('pve', { hostRoot: '/' })]): Model {
  const m = makeModel({}, [], nodes);
  return { ...m, hypervisor: hv };
}
const byId = (steps: Step[]): Map<string, Step> => new Map(steps.map((s) => [s.id, s]));
/** The step with that id, narrowed to its task kind (so its params are typed). */
function stepOf<N extends Step['task']>(steps: Map<string, Step>, id: string, task: N): Extract<Step, { task: N }> {
  const s = steps.get(id);
  assert.ok(s, `no step ${id}`);
  assert.is(s.task, task);
  return s as Extract<Step, { task: N }>;
}
const queryOf = (steps: Step[]): HostQuery => mergeQueries(steps.map(hostQueryOf).filter((q): q is Partial<HostQuery> => q !== undefined));
const ajv = new Ajv2020.default({ allErrors: true, strict: false });
/** Every step's params valid against its task's schema (as the playbook loader checks them). */
function assertParamsValid(steps: Step[]): void {
  for (const s of steps) {
    const check = ajv.compile(taskFor(s.task).schema);
    assert.ok(check(s.params), `${s.id}: ${JSON.stringify(check.errors)}`);
  }
}
const idx = (steps: Step[], id: string): number => steps.findIndex((s) => s.id === id);

/** Every step id unique, every `after` an earlier step, no guest on host steps. */
function assertValidOrder(steps: Step[]): void {
  const seen = new Set<string>();
  for (const s of steps) {
    assert.not.ok(seen.has(s.id), `duplicate ${s.id}`);
    for (const a of s.after) assert.ok(seen.has(a), `${s.id} waits for ${a}, which is not earlier`);
    assert.is(s.guest, undefined);
    seen.add(s.id);
  }
}

if (!fixture) {
  test('real hypervisor config', () => skipWithoutRealFixture());
} else {
  test('PHX-HM-02: the real hypervisor config gives a valid ordered setup plan that survives the playbook round trip', () => {
    const steps = setupSteps(model(realHv()), { wipeDisks: false });
    assertValidOrder(steps);
    assertParamsValid(steps);
    const plan: Plan = { verb: 'setup', targets: [], steps };
    const back = validatePlaybook(parsePlaybook(planToYaml(plan)), 'setup.yaml');
    assert.equal(back.steps, JSON.parse(JSON.stringify(steps)), 'params are plain data: the playbook carries them');
    const kinds = steps.map((s) => s.task);
    assert.equal([...new Set(kinds)], ['host.zfs-pool', 'host.zfs-dataset', 'host.pve-storage', 'host.user', 'host.nfs-exports', 'host.samba', 'host.dc-firewall']);
    assert.is(kinds.filter((k) => k === 'host.zfs-dataset').length, 11);
    assert.is(kinds.filter((k) => k === 'host.pve-storage').length, 11);
  });

  test('pool -> dataset -> storage; exports and samba after the datasets; samba after its user', () => {
    const steps = setupSteps(model(realHv()), { wipeDisks: false });
    const s = byId(steps);
    const ds = s.get('pve:host.zfs-dataset:quickOS/lxc-disks')!;
    assert.equal(ds.after, ['pve:host.zfs-pool:quickOS']);
    assert.equal(ds.params, { dataset: 'quickOS/lxc-disks', properties: { recordsize: '16K', compression: 'lz4', sync: 'standard', quota: '600G' } });
    const st = s.get('pve:host.pve-storage:quickOS-lxc-disks')!;
    assert.equal(st.after, ['pve:host.zfs-dataset:quickOS/lxc-disks']);
    assert.equal(st.params, { storage: 'quickOS-lxc-disks', type: 'zfspool', content: ['images', 'rootdir'], settings: { pool: 'quickOS/lxc-disks' } });
    assert.equal(stepOf(s, 'pve:host.pve-storage:fastData-shared-iso', 'host.pve-storage').params.settings, { path: '/fastData/shared-iso' });
    const samba = s.get('pve:host.samba:smb.conf')!;
    assert.ok(samba.after.includes('pve:host.user:heads'));
    for (const id of [samba.id, 'pve:host.nfs-exports:exports']) {
      assert.ok(steps.filter((x) => x.task === 'host.zfs-dataset').every((d) => s.get(id)!.after.includes(d.id)), id);
      assert.ok(idx(steps, id) > idx(steps, 'pve:host.zfs-dataset:quickOS/vm-persistent-data'));
    }
  });

  test('the real config\'s values arrive resolved: pools safe by default, users, exports, shares, firewall', () => {
    const s = byId(setupSteps(model(realHv()), { wipeDisks: false }));
    assert.equal(s.get('pve:host.zfs-pool:quickOS')!.params, {
      pool: 'quickOS', layout: 'mirror', wipeDisks: false, allowDestructive: false,
      disks: ['/dev/disk/by-id/nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y320880M', '/dev/disk/by-id/nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y310536X'],
    });
    assert.is(stepOf(s, 'pve:host.zfs-pool:fastData', 'host.zfs-pool').params.layout, 'stripe');
    assert.equal(s.get('pve:host.user:phoenix_admin')!.params, { user: 'phoenix_admin', root: '/', shell: '/bin/bash', sudo: true, sshKeys: [] }, 'NOT_SET hash and empty key: nothing to set');
    assert.equal(s.get('pve:host.user:heads')!.params, { user: 'heads', root: '/', sshKeys: [] }, 'the samba account is created, its shell and sudo left alone');
    const ex = stepOf(s, 'pve:host.nfs-exports:exports', 'host.nfs-exports').params;
    assert.is(ex.file, '/etc/exports');
    assert.equal(ex.exports, [{ path: '/quickOS/vm-persistent-data', clients: ['10.0.0.111', '10.0.0.102', '10.0.0.13'], options: ['rw', 'sync', 'no_subtree_check', 'no_root_squash'] }]);
    const smb = stepOf(s, 'pve:host.samba:smb.conf', 'host.samba').params;
    assert.equal(smb.shares.map((x) => x.path), ['/quickOS/shared-prod-data', '/quickOS/shared-prod-data-sync', '/fastData/shared-test-data', '/fastData/shared-bulk-data', '/fastData/shared-test-data-sync']);
    assert.equal(smb.shares[0]!.options, [['browseable', 'yes'], ['writable', 'yes']]);
    assert.is(smb.user, 'heads');
    assert.equal(smb.password, { $secret: 'env:PHOENIX_SAMBA_PASSWORD' }, 'no password in the plan: a reference to the environment variable');
    const fw = stepOf(s, 'pve:host.dc-firewall:cluster', 'host.dc-firewall').params;
    assert.is(fw.enable, true);
    assert.is(fw.policyIn, 'DROP');
    assert.is(fw.rules.length, 6);
    assert.equal(fw.rules[2], { type: 'in', action: 'ACCEPT', enable: true, proto: 'udp', dport: '53', source: '10.0.0.0/24', dest: '10.0.0.13', comment: 'Allow internal guests to query DNS on Host' });
  });

  test('the facts query of the plan names the datasets, their properties, files and users', () => {
    const q = queryOf(setupSteps(model(realHv()), { wipeDisks: false }));
    assert.is(q.datasets.length, 11);
    assert.equal(q.props, ['mountpoint', 'recordsize', 'compression', 'sync', 'quota']);
    assert.equal(q.files, ['/etc/exports', '/etc/samba/smb.conf']);
    assert.equal(q.users, ['phoenix_admin', 'heads']);
    assert.is(q.paths.length, 6, 'the export directory and the five share directories');
    assert.ok(q.samba && q.firewall);
  });
}

test('--wipe-disks and allow_destructive_operations both reach the pool step', () => {
  const hv = { zfs: { settings: { allow_destructive_operations: true }, pools: [{ name: 'tank', raid_level: 'RAIDZ1', disks: ['/dev/a', '/dev/b', '/dev/c'] }] } };
  const [pool] = setupSteps(model(hv), { wipeDisks: true });
  assert.equal(pool!.params, { pool: 'tank', layout: 'raidz1', disks: ['/dev/a', '/dev/b', '/dev/c'], wipeDisks: true, allowDestructive: true });
});

test('several nodes: per-node host steps; cluster-wide storages and firewall chained across nodes; a node\'s host root', () => {
  const hv = {
    zfs: { datasets: [{ name: 'data', pool: 'tank', proxmox_storage_type: 'dir', proxmox_content_type: 'backup' }] },
    shared_volumes: { firewall: { enabled: false, global_firewall_rules: [] } },
    users: { username: 'admin', password_hash: 'NOT_SET' },
    samba: { user: 'heads', shares: [{ name: 's', path: 'tank/s' }] },
  };
  const b = node('b', { pveRoot: '/st/b/etc/pve', hostRoot: '/st/b/host' });
  const steps = setupSteps(model(hv, [b, node('a', { hostRoot: '/' })]), { wipeDisks: false });
  assertValidOrder(steps);
  assertParamsValid(steps);
  const s = byId(steps);
  assert.equal(s.get('b:host.pve-storage:tank-data')!.after, ['b:host.zfs-dataset:tank/data', 'a:host.pve-storage:tank-data']);
  assert.equal(s.get('b:host.dc-firewall:cluster')!.after, ['a:host.dc-firewall:cluster']);
  const bEx = stepOf(s, 'b:host.nfs-exports:exports', 'host.nfs-exports').params;
  assert.is(bEx.file, '/st/b/host/etc/exports');
  assert.equal(stepOf(s, 'a:host.nfs-exports:exports', 'host.nfs-exports').params.file, '/etc/exports');
  const bSmb = stepOf(s, 'b:host.samba:smb.conf', 'host.samba').params;
  assert.is(bSmb.file, '/st/b/host/etc/samba/smb.conf');
  assert.equal(bSmb.dirs, [{ path: '/tank/s', at: '/st/b/host/tank/s' }]);
  assert.is(stepOf(s, 'b:host.user:admin', 'host.user').params.root, '/st/b/host');
  assert.ok(s.get('b:host.samba:smb.conf')!.after.includes('b:host.user:heads'));
  // the simulator is only a PATH: nothing in the plan says whether a node is simulated
  assert.not.ok(steps.some((x) => 'live' in x.params), 'no simulator switch in any step');
});

test('a literal password_hash is carried as given, NOT_SET leaves the password alone, a broken one is a plan error', () => {
  const hash = '$6$salt$hash';
  const [u] = setupSteps(model({ users: { username: 'admin', password_hash: hash } }), { wipeDisks: false });
  assert.equal(u!.params, { user: 'admin', root: '/', shell: '/bin/bash', sshKeys: [], passwordHash: hash });
  const [ref] = setupSteps(model({ users: { username: 'admin', password_hash: { $secret: 'env:H' } } }), { wipeDisks: false });
  assert.equal(ref!.task === 'host.user' && ref.params.passwordHash, { $secret: 'env:H' });
  assert.throws(() => setupSteps(model({ users: { username: 'admin', password_hash: 'a\nroot:b' } }), { wipeDisks: false }), /password_hash: must be a crypt\(3\) hash/);
});

test('samba.password: a reference or a literal as given; none = the PHOENIX_SAMBA_PASSWORD variable', () => {
  const smbOf = (samba: Record<string, unknown>) => {
    const st = setupSteps(model({ samba: { user: 'heads', shares: [{ name: 's', path: 'p/s' }], ...samba } }), { wipeDisks: false }).find((x) => x.task === 'host.samba');
    return st?.task === 'host.samba' ? st.params.password : undefined;
  };
  assert.equal(smbOf({}), { $secret: 'env:PHOENIX_SAMBA_PASSWORD' });
  assert.equal(smbOf({ password: { $secret: 'file:smb.pw' } }), { $secret: 'file:smb.pw' });
  assert.is(smbOf({ password: 'literal' }), 'literal');
});

test('unsupported storage type and multi-line values are plan errors, all at once', () => {
  const hv = {
    zfs: { datasets: [{ name: 'x', pool: 'p', proxmox_storage_type: 'lvm' }] },
    samba: { shares: [{ name: 'bad', path: 'p/x', options: 'comment=a\nb' }] },
  };
  assert.throws(() => setupSteps(model(hv), { wipeDisks: false }), (e: Error & { problems?: string[] }) => e.problems?.length === 2
    && /proxmox_storage_type 'lvm' is not supported/.test(e.problems[0]!) && /must be a single line|not key=value/.test(e.problems[1]!));
});

test('an empty hypervisor config still plans the always-present file steps (so removed blocks get cleaned up)', () => {
  const steps = setupSteps(model({}), { wipeDisks: false });
  assert.equal(steps.map((s) => s.id), ['pve:host.nfs-exports:exports', 'pve:host.samba:smb.conf']);
});

test.run();
