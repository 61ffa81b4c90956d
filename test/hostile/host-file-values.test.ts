// Hostile corpus, values that land in host files or argv (issue 10, rows "a newline rewrites root's password",
// "`..` in paths", "an option in a positional argument"): a line break, NUL or the separator of the target format in a
// value written to a host file (/etc/shadow through chpasswd, /etc/exports, smb.conf, an mpN line of the CT's config,
// raw lxc.* lines, a guest's fstab), a `.`/`..` segment or a relative path where a path is absolute, and a positional
// argument that is not in its PVE format (or reads as an option) are refused by `validate`, all in one report, each
// as `file: JSON path: …`, with exit 1; a run refuses them before it sends anything.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ct, VM_DEFAULTS } from './argv-helpers.js';
import { assertRefused, runFresh, type Spec } from './hostile-helpers.js';
import { problemLines } from '../helpers/cli.js';

const H = 'phoenix_hypervisor_config.json';
const L = 'phoenix_lxc_configs.json';
const V = 'phoenix_vm_configs.json';

const FORGED_HASH = '$6$a$A\nroot:$6$evil$X';

/** [file, JSON pointer, why] for each hostile value of the estate below. */
const EXPECTED: [string, string, string][] = [
  [H, '/users/password_hash', 'a line break and a \':\' would write a second /etc/shadow line (root\'s)'],
  [H, '/samba/password', 'a line break would end smbpasswd -s\'s password line'],
  [H, '/nfs/exports/0/path', 'a space would make "10.0.0.0/8(rw,no_root_squash)" a client of /srv/a'],
  [H, '/nfs/exports/0/clients/0', 'a leading - is a default-options field of exports(5)'],
  [H, '/nfs/exports/1/path', '..'],
  [H, '/samba/shares/0/path', '..'],
  [H, '/samba/shares/0/valid_users/0', 'a space adds another user to the valid users line'],
  [H, '/samba/shares/0/options', 'a trailing backslash continues the smb.conf line'],
  [H, '/mount_point_base', 'a relative host path'],
  [L, '/lxc_configs/960/template', 'an option where pct create takes its template'],
  [L, '/lxc_configs/960/storage_pool', 'not a pve-storage-id (one character)'],
  [L, '/lxc_configs/960/mount_points/0/host_path', '.. in a host path'],
  [L, '/lxc_configs/960/mount_points/0/container_path', '.. in a container path'],
  [L, '/lxc_configs/960/mount_points/1/host_path', '= makes a key of the mpN property string'],
  [L, '/lxc_configs/960/zfs_volumes/0/mount_point', '. segment in a mount point'],
  [L, '/lxc_configs/960/zfs_volumes/0/pool', 'not a pve-storage-id (ends in -)'],
  [L, '/lxc_configs/960/lxc_options/0', '.. in a raw lxc.mount.entry'],
  [V, '/vms/0/volumes/0/path', '.. in an fstab field'],
  [V, '/vms/0/volumes/0/mount_point', 'a backslash starts an fstab escape'],
  [V, '/vms/0/storage_pool', 'not a pve-storage-id'],
];

function hostileEstate(): Spec {
  return {
    hypervisor: {
      users: { username: 'phoenix_admin', password_hash: FORGED_HASH, sudo_access: true },
      nfs: { exports: [
        { path: '/srv/a 10.0.0.0/8(rw,no_root_squash)', clients: ['-rw'] },
        { path: '/srv/exports/../../etc', clients: ['10.0.0.5'] },
      ] },
      samba: { user: 'heads', password: 'long enough\nsecond line', shares: [{ name: 'share', path: 'srv/../../etc', valid_users: ['heads root'], options: 'browseable=yes comment=x\\' }] },
      mount_point_base: 'mnt/pve',
    },
    lxc: { lxc_configs: { '960': ct('960', {
      template: '--unprivileged=0',
      storage_pool: 'x',
      mount_points: [
        { host_path: '/srv/ws/../victim', container_path: '/../../etc' },
        { host_path: '/srv/a=b', container_path: '/data' },
      ],
      zfs_volumes: [{ name: 'v', pool: 'local-', size_gb: 1, mount_point: '/vol/.' }],
      lxc_options: ['lxc.mount.entry: /dev/../etc etc none bind,create=dir 0 0'],
    }) } },
    vm: { vm_defaults: VM_DEFAULTS, vms: [{ vmid: 1000, name: 'app', storage_pool: 'local-lvm-', volumes: [{ type: 'nfs', name: 'd', server: 'nas', path: '/export/../etc', mount_point: '/mnt/a\\040b' }] }] },
    scripts: null,
  };
}

test('validate lists every hostile value, each as file: JSON path, and exits 1', async () => {
  const { r, audit } = await runFresh(hostileEstate(), ['validate']);
  assert.is(r.code, 1, r.stdout + r.stderr);
  const lines = problemLines(r.stderr);
  for (const [file, pointer, why] of EXPECTED) {
    assert.ok(lines.some((l) => l.startsWith(`${file}: ${pointer}: `)), `${file}: ${pointer} (${why}) is not reported:\n${r.stderr}`);
  }
  assert.equal(audit, []);
  assert.not.ok(r.stdout.includes('valid:'), 'never "valid"');
});

test('a run refuses the same configuration before it sends anything (create, setup)', async () => {
  await assertRefused(hostileEstate(), [new RegExp(`^${L}: /lxc_configs/960/template: `)], ['create', '--all']);
  await assertRefused(hostileEstate(), [new RegExp(`^${H}: /users/password_hash: `)], ['setup']);
});

test('the forged hash is refused given by reference too, naming the reference and never the value', async () => {
  const spec = hostileEstate();
  const hv = { users: { username: 'phoenix_admin', password_hash: { $secret: 'env:PHX_H4_HASH' } }, samba: { user: 'heads', password: { $secret: 'file:./samba.pw' }, shares: [] } };
  process.env.PHX_H4_HASH = FORGED_HASH;
  try {
    const { r } = await runFresh({ ...spec, hypervisor: hv, lxc: { lxc_configs: {} }, vm: { vm_defaults: VM_DEFAULTS, vms: [] }, rawFiles: { 'samba.pw': 'two\nlines here\n' } }, ['validate']);
    assert.is(r.code, 1, r.stdout + r.stderr);
    const lines = problemLines(r.stderr);
    assert.ok(lines.some((l) => l.startsWith(`${H}: /users/password_hash: the value of secret env:PHX_H4_HASH contains ':' or a line break`)), r.stderr);
    assert.ok(lines.some((l) => l.startsWith(`${H}: /samba/password: the value of secret file:./samba.pw contains a line break`)), r.stderr);
    assert.not.ok((r.stdout + r.stderr).includes('evil'), 'the value is never printed');
  } finally { delete process.env.PHX_H4_HASH; }
});

test('control: the same estate with the hostile values made harmless is valid (each refusal above is its value\'s doing)', async () => {
  const { r } = await runFresh({
    hypervisor: {
      users: { username: 'phoenix_admin', password_hash: '$6$a$Aabcdefgh', sudo_access: true },
      nfs: { exports: [{ path: '/srv/a', clients: ['10.0.0.0/8'] }, { path: '/srv/exports/etc', clients: ['10.0.0.5'] }] },
      samba: { user: 'heads', password: 'long enough password', shares: [{ name: 'share', path: 'srv/share', valid_users: ['heads', '@staff'], options: 'browseable=yes comment=x' }] },
      mount_point_base: '/mnt/pve',
    },
    lxc: { lxc_configs: { '960': ct('960', {
      storage_pool: 'local-lvm',
      mount_points: [{ host_path: '/srv/ws/victim', container_path: '/etc/app' }, { host_path: '/srv/a.b', container_path: '/data' }],
      zfs_volumes: [{ name: 'v', pool: 'local-lvm', size_gb: 1, mount_point: '/vol/.hidden' }],
      lxc_options: ['lxc.mount.entry: /dev/dri dev/dri none bind,optional,create=dir 0 0'],
    }) } },
    vm: { vm_defaults: VM_DEFAULTS, vms: [{ vmid: 1000, name: 'app', storage_pool: 'local-lvm', volumes: [{ type: 'nfs', name: 'd', server: 'nas', path: '/export/.step-ca', mount_point: '/mnt/ab' }] }] },
    scripts: null,
  }, ['validate']);
  assert.is(r.code, 0, r.stdout + r.stderr);
});

test('a template given as an absolute path of a file, and one with shell metacharacters in its volume name, are valid (PVE\'s formats)', async () => {
  for (const template of ['/var/lib/vz/template/cache/debian-12.tar.zst', 'local:vztmpl/x;touch y.tar.zst']) {
    const { r } = await runFresh({ lxc: { lxc_configs: { '960': ct('960', { template }) } }, vm: { vm_defaults: VM_DEFAULTS, vms: [] }, scripts: null }, ['validate']);
    assert.is(r.code, 0, `${template}\n${r.stdout}${r.stderr}`);
  }
  for (const template of ['-x', 'local', 'l:vztmpl/x', '/var/lib/../x.tar.zst', 'local:vztmpl/a\nb', 'vztmpl/x.tar.zst']) {
    const { r } = await runFresh({ lxc: { lxc_configs: { '960': ct('960', { template }) } }, vm: { vm_defaults: VM_DEFAULTS, vms: [] }, scripts: null }, ['validate']);
    assert.is(r.code, 1, JSON.stringify(template));
    assert.ok(problemLines(r.stderr).some((l) => l.startsWith(`${L}: /lxc_configs/960/template: `)), r.stderr);
  }
});

test.run();
