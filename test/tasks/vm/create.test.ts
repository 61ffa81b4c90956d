// vm.create: facts in, commands out (absent with the image / without it / clone / present).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { vmCreate } from '../../../src/tasks/vm/create.js';
import type { VmCreateParams } from '../../../src/tasks/vm/params.js';
import { argvs, factsFrom, planOf } from '../../helpers/facts.js';

const URL = 'https://cloud-images.ubuntu.com/noble/current/noble.img';
const IMG = '/var/lib/vz/template/iso/noble.img';
const base: VmCreateParams = { vmid: '9000', cores: 2, memory: 2048, onboot: false, cloudinit: true, ipconfig0: 'ip=dhcp', name: 'tpl', storage: 'local-lvm', bridge: 'vmbr0', diskGb: 32, ciuser: 'phx', isTemplate: true, image: { file: 'noble.img', url: URL } };
const withImage = () => ({ ...factsFrom({}), images: ['other.img', 'noble.img'] });

test('image present on the node: qm create with import-from, cloud-init drive and agent, then grow to disk_size_gb', () => {
  const plan = planOf(vmCreate, withImage(), base);
  assert.is(plan.change.kind, 'create');
  const [create, resize, ...rest] = argvs(plan);
  assert.equal(rest, []);
  assert.equal(create!.slice(0, 3), ['qm', 'create', '9000']);
  assert.ok(create!.includes(`local-lvm:0,import-from=${IMG}`) && create!.includes('local-lvm:cloudinit'));
  assert.equal(create!.slice(create!.indexOf('--agent'), create!.indexOf('--agent') + 2), ['--agent', '1']);
  assert.equal(create!.slice(create!.indexOf('--ciuser'), create!.indexOf('--ciuser') + 2), ['--ciuser', 'phx']);
  assert.equal(resize, ['qm', 'resize', '9000', 'scsi0', '32G']);
  // an image larger than disk_size_gb stays as it is
  assert.ok(new RegExp(plan.commands[1]!.okIf!).test('shrinking disks is not supported'));
});

test('image absent: ONE download command first (fixed script, path and url as $1/$2), said so; then create and resize', () => {
  const plan = planOf(vmCreate, factsFrom({}), base);
  assert.match(plan.change.kind !== 'none' ? plan.change.detail : '', /download/);
  const [fetch, create, resize] = plan.commands;
  assert.is(plan.commands.length, 3);
  assert.equal(fetch!.argv.slice(0, 2), ['sh', '-c']);
  assert.equal(fetch!.argv.slice(3), ['phoenix-image', IMG, URL]);
  assert.not.ok(fetch!.argv[2]!.includes(URL) || fetch!.argv[2]!.includes(IMG), 'values are arguments, never part of the script');
  assert.match(fetch!.log ?? '', /cloud image \/var\/lib\/vz\/template\/iso\/noble\.img is absent on pve: downloading https:/);
  assert.match(fetch!.what ?? '', /noble\.img/);
  assert.equal(create!.argv.slice(0, 3), ['qm', 'create', '9000']);
  assert.equal(resize!.argv.slice(0, 2), ['qm', 'resize']);
});

test('the image path follows the node\'s image directory (trailing slash or not)', () => {
  const facts = factsFrom({});
  facts.paths.imageDir = '/srv/images/';
  const plan = planOf(vmCreate, facts, base);
  assert.equal(plan.commands[0]!.argv.slice(-2), ['/srv/images/noble.img', URL]);
  assert.ok(plan.commands[1]!.argv.includes('local-lvm:0,import-from=/srv/images/noble.img'));
});

/** Run the planned download script with a fake curl (writes the part file, then exits with `curlExit`). */
function runFetch(curlExit: number): { code: number; dir: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'phx-fetch-'));
  const bin = join(dir, 'bin');
  execFileSync('mkdir', ['-p', bin, join(dir, 'img')]);
  // curl -fsSL --create-dirs -o PART --url URL
  writeFileSync(join(bin, 'curl'), `#!/bin/sh\nwhile [ "$1" != -o ]; do shift; done\nprintf partial > "$2"\nexit ${curlExit}\n`);
  chmodSync(join(bin, 'curl'), 0o755);
  const facts = factsFrom({});
  facts.paths.imageDir = join(dir, 'img');
  const argv = planOf(vmCreate, facts, base).commands[0]!.argv;
  try {
    execFileSync(argv[0]!, argv.slice(1), { env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` }, stdio: 'pipe' });
    return { code: 0, dir, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stderr: Buffer };
    return { code: err.status, dir, stderr: err.stderr.toString() };
  }
}

test('download script: a complete download is moved into place, no part file left', () => {
  const r = runFetch(0);
  try {
    assert.is(r.code, 0);
    assert.is(readFileSync(join(r.dir, 'img', 'noble.img'), 'utf8'), 'partial');
    assert.not.ok(existsSync(join(r.dir, 'img', 'noble.img.phoenix-part')));
  } finally { rmSync(r.dir, { recursive: true, force: true }); }
});

test('download script: a failed download keeps curl\'s exit code, removes the part file, never leaves a half image', () => {
  const r = runFetch(22);
  try {
    assert.is(r.code, 22);
    assert.match(r.stderr, /downloading https:\/\/cloud-images\.ubuntu\.com\/noble\/current\/noble\.img to .*noble\.img failed \(exit 22\)/);
    assert.not.ok(existsSync(join(r.dir, 'img', 'noble.img.phoenix-part')));
    assert.not.ok(existsSync(join(r.dir, 'img', 'noble.img')));
  } finally { rmSync(r.dir, { recursive: true, force: true }); }
});

test('clone: qm clone --full; a source on another node: the clone runs there with --target', () => {
  const clone = { ...base, vmid: '1001', name: 'app', isTemplate: false, clone: { from: '9000' } };
  assert.equal(argvs(planOf(vmCreate, factsFrom({}), clone)), [['qm', 'clone', '9000', '1001', '--name', 'app', '--full', '1']]);
  const remote = { ...clone, clone: { from: '9000', node: 'pve2', target: 'pve' } };
  assert.equal(argvs(planOf(vmCreate, factsFrom({}), remote)), [['@pve2', 'qm', 'clone', '9000', '1001', '--name', 'app', '--full', '1', '--target', 'pve']]);
  assert.equal(vmCreate.sources!(clone), ['9000']);
  assert.equal(vmCreate.resources!(clone, 'pve'), ['storage:pve:local-lvm', 'clone:9000']);
  assert.equal(vmCreate.resources!(base, 'pve'), ['storage:pve:local-lvm']);
});

test('present: no change, no command; present as a CT: refused by name', () => {
  const plan = planOf(vmCreate, factsFrom({ '9000': { type: 'qemu' } }), base);
  assert.is(plan.change.kind, 'none');
  assert.equal(plan.commands, []);
  assert.throws(() => planOf(vmCreate, factsFrom({ '9000': { type: 'lxc' } }), base), /9000 exists as a CT/);
});

test('neither clone nor image: refused', () => {
  const { image: _image, ...bare } = base;
  assert.throws(() => planOf(vmCreate, factsFrom({}), bare), /neither clone_from_vmid nor template_image/);
});

// Existing VM: what `qm create` fixed, and a lock an interrupted create or clone left (src/tasks/interrupted.ts)

const made = { name: 'tpl', scsi0: 'local-lvm:vm-9000-disk-0,size=32G', tags: 'phoenix' };

test('imported disk on another storage than configured: refused naming the field, --recreate and `qm disk move`', () => {
  const facts = factsFrom({ '9000': { type: 'qemu', config: { ...made, scsi0: 'slow:vm-9000-disk-0,size=32G' } } });
  assert.throws(() => planOf(vmCreate, facts, base),
    /^VM 9000 needs re-creation: scsi0 storage slow -> local-lvm .*run with --recreate to destroy and re-create it, or move the disk by hand \(`qm disk move 9000 scsi0 local-lvm --delete 1`\)$/);
  const plan = planOf(vmCreate, { ...facts, images: ['noble.img'] }, { ...base, recreate: true });
  assert.equal(argvs(plan).map((a) => a.slice(0, 2).join(' ')), ['qm destroy', 'qm create', 'qm resize']);
  assert.equal(plan.change.kind !== 'none' && plan.change.diff, [{ field: 'scsi0 storage', from: 'slow', to: 'local-lvm' }]);
  // a clone's disk stays on its source's storage (qm clone --full without --storage): not compared
  const clone = { ...base, vmid: '9100', clone: { from: '9000' } };
  assert.is(planOf(vmCreate, factsFrom({ '9100': { type: 'qemu', config: { ...made, scsi0: 'slow:vm-9100-disk-0' } } }), clone).change.kind, 'none');
});

test('lock: clone (qm clone cut off: its temporary config is the lock alone): refused; --adopt --recreate is the way out', () => {
  const clone = { ...base, vmid: '9100', clone: { from: '9000' } };
  const facts = factsFrom({ '9100': { type: 'qemu', lock: 'clone', config: { lock: 'clone' } } });
  assert.throws(() => planOf(vmCreate, facts, clone), /^VM 9100 was left locked \(clone\) by an interrupted clone; it carries no Phoenix record yet, so `--adopt --recreate`/);
  const plan = planOf(vmCreate, facts, { ...clone, recreate: true });
  assert.equal(argvs(plan), [['qm', 'unlock', '9100'], ['qm', 'destroy', '9100', '--destroy-unreferenced-disks', '1'], ['qm', 'clone', '9000', '9100', '--name', 'tpl', '--full', '1']]);
  assert.is(plan.change.detail, 're-create (left locked (clone) by an interrupted clone): destroy VM 9100, then clone 9000 -> 9100');
});

test('create re-reads the live status (a re-created VM is stopped), needs ownership to act, reads its source only to make it', () => {
  assert.is(vmCreate.reread, 'guest-status');
  assert.is(vmCreate.owned, true);
  const clone = { ...base, vmid: '9100', clone: { from: '9000' } };
  assert.equal(vmCreate.sources?.(clone, factsFrom({ '9100': { type: 'qemu', config: made } })), []);
  assert.equal(vmCreate.sources?.(clone, factsFrom({})), ['9000']);
  assert.throws(() => planOf(vmCreate, factsFrom({}), { ...base, mustExist: true }), /VM 9000 does not exist on pve: create it first/);
});

test.run();
