// What a template's name says about the CT made from it, and the fields fixed at creation (src/tasks/lxc/identity.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lxcIdentityDrift, templateTraits, volumeStorage } from '../../../src/tasks/lxc/identity.js';

test('appliance-index names: ostype and arch; a volid, a path or a bare name alike', () => {
  assert.equal(templateTraits('local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst'), { ostype: 'debian', arch: 'amd64' });
  assert.equal(templateTraits('/fastData/shared-iso/template/cache/ubuntu-24.04-standard_24.04-2_amd64.tar.zst'), { ostype: 'ubuntu', arch: 'amd64' });
  assert.equal(templateTraits('alpine-3.19-default_20240207_arm64.tar.xz'), { ostype: 'alpine', arch: 'arm64' });
  assert.equal(templateTraits('local:vztmpl/archlinux-base_20240911-1_amd64.tar.zst'), { ostype: 'archlinux', arch: 'amd64' });
});

test('no guess: an OS PVE names otherwise (rockylinux is detected as centos), an unknown arch, a custom name', () => {
  assert.equal(templateTraits('local:vztmpl/rockylinux-9-default_20240912_amd64.tar.xz'), { arch: 'amd64' });
  assert.equal(templateTraits('local:vztmpl/debian-12-custom_x86.tar.gz'), { ostype: 'debian' });
  assert.equal(templateTraits('local:vztmpl/golden.tar.zst'), {});
  assert.equal(templateTraits(undefined), {});
});

test('volume storage of a rootfs value; none for a path', () => {
  assert.is(volumeStorage('local-lvm:vm-950-disk-0,size=8G'), 'local-lvm');
  assert.is(volumeStorage('volume=rpool:subvol-950-disk-0,size=8G'), 'rpool');
  assert.is(volumeStorage('/srv/ct950'), undefined);
  assert.is(volumeStorage(undefined), undefined);
});

test('identity drift: nothing when as created; each fixed field by name otherwise', () => {
  const made = { unprivileged: '1', arch: 'amd64', rootfs: 'local-lvm:vm-950-disk-0,size=8G' };
  assert.equal(lxcIdentityDrift(made, { unprivileged: true, storage: 'local-lvm', arch: 'amd64' }), []);
  assert.equal(lxcIdentityDrift({ ...made, unprivileged: 'yes' }, { unprivileged: true, storage: 'local-lvm' }), []);
  assert.equal(lxcIdentityDrift(made, { unprivileged: false, storage: 'zfs', arch: 'arm64' }), [
    { field: 'unprivileged', from: '1', to: '0' }, { field: 'arch', from: 'amd64', to: 'arm64' }, { field: 'rootfs storage', from: 'local-lvm', to: 'zfs' },
  ]);
});

test.run();
