import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSimState } from '../src/harness.js';

const sim = makeSimState();
test.after(() => sim.cleanup());

test('10 parallel pct set on different keys all land', async () => {
  assert.is(sim.run(['pct', 'create', '970', 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', '--storage', 'local-lvm']).code, 0);
  const sets: Array<[string, string, RegExp]> = [
    ['--memory', '1536', /^memory: 1536$/m], ['--swap', '128', /^swap: 128$/m], ['--cores', '3', /^cores: 3$/m],
    ['--hostname', 'par', /^hostname: par$/m], ['--onboot', '1', /^onboot: 1$/m], ['--tags', 'x', /^tags: x$/m],
    ['--nameserver', '9.9.9.9', /^nameserver: 9\.9\.9\.9$/m], ['--searchdomain', 'lan', /^searchdomain: lan$/m],
    ['--cpulimit', '2', /^cpulimit: 2$/m], ['--startup', 'order=3', /^startup: order=3$/m],
  ];
  const rs = await Promise.all(sets.map(([k, v]) => sim.runAsync(['pct', 'set', '970', k, v])));
  for (const r of rs) assert.is(r.code, 0, r.stderr);
  const text = readFileSync(join(sim.dir, 'etc/pve/nodes/pve/lxc/970.conf'), 'utf8');
  for (const [, , re] of sets) assert.match(text, re);
});

test('parallel creates of distinct ids allocate distinct volumes', async () => {
  const ids = ['971', '972', '973', '974', '975', '976'];
  const rs = await Promise.all(ids.map((id) => sim.runAsync(['pct', 'create', id, 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', '--rootfs', 'local-lvm:2'])));
  for (const r of rs) assert.is(r.code, 0, r.stderr);
  const list = sim.run(['pct', 'list']).stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0]);
  assert.equal(list, ['970', ...ids]);
  for (const id of ids) {
    assert.match(readFileSync(join(sim.dir, `etc/pve/nodes/pve/lxc/${id}.conf`), 'utf8'), new RegExp(`^rootfs: local-lvm:vm-${id}-disk-0,size=2G$`, 'm'));
  }
});

test('the same id created twice in parallel: exactly one wins', async () => {
  const rs = await Promise.all([1, 2, 3].map(() => sim.runAsync(['pct', 'create', '980', 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', '--storage', 'local-lvm'])));
  assert.equal(rs.map((r) => r.code).sort(), [0, 255, 255]);
  for (const r of rs.filter((x) => x.code)) assert.is(r.stderr, "CT 980 already exists on node 'pve'\n");
});

test.run();
