import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rawLineProblems } from '../../src/compile/raw-lxc.js';

test('raw lines that reach the host are refused; device mounts and AppArmor settings pass', () => {
  assert.match(rawLineProblems('lxc.hook.pre-start: /x')!, /runs code or paths on the host/);
  assert.match(rawLineProblems('lxc.mount.entry: / host none bind')!, /use mount_points/);
  assert.match(rawLineProblems('lxc.log.file: /etc/shadow')!, /refused/);
  assert.match(rawLineProblems('lxc.include: /root/evil.conf')!, /outside \/usr\/share\/lxc\/config/);
  assert.is(rawLineProblems('lxc.mount.entry: /dev/nvidia0 dev/nvidia0 none bind,optional,create=file'), undefined);
  assert.is(rawLineProblems('lxc.apparmor.profile=unconfined'), undefined);
  assert.is(rawLineProblems('lxc.include: /usr/share/lxc/config/nesting.conf'), undefined);
});

test.run();
