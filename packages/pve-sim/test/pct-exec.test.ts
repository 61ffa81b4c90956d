import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSimState } from '../src/harness.js';

const sim = makeSimState();
const root = join(sim.dir, 'volumes/local-lvm/vm-960-disk-0');

test.before(() => {
  const r = sim.run(['pct', 'create', '960', 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', '--rootfs', 'local-lvm:4',
    '--mp0', 'local-lvm:1,mp=/srv/data', '--mp1', '/srv/share,mp=/shared', '--hostname', 'ex']);
  assert.is(r.code, 0, r.stderr);
});
test.after(() => sim.cleanup());

test('exec on a stopped CT is refused', () => {
  const r = sim.run(['pct', 'exec', '960', '--', 'true']);
  assert.equal([r.code, r.stderr], [255, "container '960' not running!\n"]);
});

test('exec without a command', () => {
  sim.run(['pct', 'start', '960']);
  const r = sim.run(['pct', 'exec', '960']);
  assert.equal([r.code, r.stderr], [255, 'missing command\n']);
});

test('exec runs inside the guest root: files land in the guest dir, exit code passes through', () => {
  const r = sim.run(['pct', 'exec', '960', '--', 'sh', '-c', 'echo inside > /root/marker; cat /etc/hostname; echo oops >&2; exit 7']);
  assert.equal([r.code, r.stdout, r.stderr], [7, 'ex\n', 'oops\n']);
  assert.is(readFileSync(join(root, 'root/marker'), 'utf8'), 'inside\n');
  assert.not.ok(existsSync('/root/marker-should-not-exist'));
});

test('argv elements arrive intact (no shell in between)', () => {
  const r = sim.run(['pct', 'exec', '960', '--', 'printf', '%s|', 'a b', '$(id)', "it's", '']);
  assert.is(r.stdout, "a b|$(id)|it's||");
});

test('stdin passes through; /usr is read-only; /dev/null works', () => {
  let r = sim.run(['pct', 'exec', '960', '--', 'sh', '-c', 'cat > /tmp/in; cat /tmp/in'], { input: 'payload\n' });
  assert.equal([r.code, r.stdout], [0, 'payload\n']);
  r = sim.run(['pct', 'exec', '960', '--', 'sh', '-c', 'touch /usr/x 2>/dev/null && echo rw || echo ro']);
  assert.is(r.stdout, 'ro\n');
});

test('volume and bind mount points are visible inside', () => {
  const r = sim.run(['pct', 'exec', '960', '--', 'sh', '-c', 'echo v > /srv/data/f; echo b > /shared/g']);
  assert.is(r.code, 0, r.stderr);
  assert.is(readFileSync(join(sim.dir, 'volumes/local-lvm/vm-960-disk-1/f'), 'utf8'), 'v\n');
  assert.is(readFileSync(join(sim.dir, 'host/srv/share/g'), 'utf8'), 'b\n');
});

test('push copies a caller file with perms and owner', () => {
  const src = join(sim.dir, 'to-push.sh');
  writeFileSync(src, '#!/bin/sh\necho pushed\n');
  let r = sim.run(['pct', 'push', '960', src, '/root/f.sh', '--perms', '755', '--user', 'daemon', '--group', '1']);
  assert.is(r.code, 0, r.stderr);
  const st = statSync(join(root, 'root/f.sh'));
  assert.equal([st.mode & 0o777, st.uid, st.gid], [0o755, 1, 1]);
  assert.is(sim.run(['pct', 'exec', '960', '--', '/root/f.sh']).stdout, 'pushed\n');
  r = sim.run(['pct', 'push', '960', join(sim.dir, 'nope'), '/root/x']);
  assert.equal([r.code, r.stderr], [255, `failed to open ${join(sim.dir, 'nope')} for reading\n`]);
  sim.run(['pct', 'stop', '960']);
  r = sim.run(['pct', 'push', '960', src, '/root/x']);
  assert.equal([r.code, r.stderr], [255, 'can only push files to a running CT\n']);
  r = sim.run(['pct', 'push', '999', src, '/root/x']);
  assert.equal([r.code, r.stderr], [255, 'can only push files to a running CT\n']);
});

test.run();
