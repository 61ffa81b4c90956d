import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeSimState } from '../src/harness.js';

const TPL = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';
const sim = makeSimState();
test.after(() => sim.cleanup());

test.before(() => {
  assert.is(sim.run(['pct', 'create', '100', TPL, '--storage', 'local-lvm', '--hostname', 'a', '--memory', '1024', '--tags', 'web']).code, 0);
  assert.is(sim.run(['pct', 'create', '101', TPL, '--storage', 'local-lvm', '--hostname', 'b', '--start', '1']).code, 0);
  assert.is(sim.run(['pct', 'set', '100', '--lock', 'backup']).code, 0);
});

test('/cluster/resources --type vm: one compact sorted-key JSON line with the documented fields', () => {
  const r = sim.run(['pvesh', 'get', '/cluster/resources', '--type', 'vm', '--output-format', 'json']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout.split('\n').length, 2);
  const list = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  assert.equal(list.map((e) => [e['id'], e['vmid'], e['node'], e['type'], e['status'], e['name'], e['template']]), [
    ['lxc/100', 100, 'pve', 'lxc', 'stopped', 'a', 0], ['lxc/101', 101, 'pve', 'lxc', 'running', 'b', 0],
  ]);
  assert.is(list[0]?.['maxmem'], 1024 * 1024 * 1024);
  assert.is(list[0]?.['lock'], 'backup');
  assert.is(list[0]?.['tags'], 'web');
  assert.is(list[1]?.['lock'], undefined);
  const keys = Object.keys(list[0] ?? {});
  assert.equal(keys, [...keys].sort());
});

test('json-pretty uses 3-space indent and "key" : value', () => {
  const r = sim.run(['pvesh', 'get', '/cluster/nextid', '--output-format', 'json-pretty']);
  assert.is(r.stdout, '"102"\n');
  const c = sim.run(['pvesh', 'get', '/nodes/pve/lxc/100/config', '--output-format', 'json-pretty']).stdout;
  assert.match(c, /^\{\n {3}"arch" : "amd64",\n/);
  assert.match(c, /\n {3}"memory" : 1024,\n/);
});

test('config JSON: typed values and a digest of the raw file', () => {
  const c = JSON.parse(sim.run(['pvesh', 'get', '/nodes/pve/lxc/100/config', '--output-format', 'json']).stdout) as Record<string, unknown>;
  assert.is(c['memory'], 1024);
  assert.is(c['unprivileged'], 1);
  assert.is(c['hostname'], 'a');
  assert.match(String(c['digest']), /^[0-9a-f]{40}$/);
});

test('status/current, node list, unknown path and node', () => {
  const s = JSON.parse(sim.run(['pvesh', 'get', '/nodes/pve/lxc/101/status/current', '--output-format', 'json']).stdout) as Record<string, unknown>;
  assert.equal([s['status'], s['ha']], ['running', { managed: 0 }]);
  const n = JSON.parse(sim.run(['pvesh', 'get', '/nodes', '--output-format', 'json']).stdout) as Array<Record<string, unknown>>;
  assert.equal(n.map((x) => [x['node'], x['status']]), [['pve', 'online']]);
  let r = sim.run(['pvesh', 'get', '/foo']);
  // pve-manager PVE/CLI/pvesh.pm extract_path_info: `print STDERR "No '$cmd' handler defined for '$path'\n"; exit(1)`
  assert.equal([r.code, r.stderr], [1, "No 'get' handler defined for '/foo'\n"]);
  r = sim.run(['pvesh', 'get', '/nodes/nope/lxc']);
  assert.is(r.code, 255);
  assert.match(r.stderr, /^hostname lookup 'nope' failed - /);
  assert.is(sim.run(['pvesh', 'get', '/cluster/nextid']).stdout, '102\n');
});

test('pvesm status: exact printf layout', () => {
  const r = sim.run(['pvesm', 'status']);
  assert.is(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.is(lines[0], 'Name             Type     Status     Total (KiB)      Used (KiB) Available (KiB)        %');
  assert.match(lines[1] ?? '', /^local {13}dir {5}active +\d+ +\d+ +\d+ +\d+\.\d\d%$/);
  assert.match(lines[2] ?? '', /^local-lvm {5}lvmthin {5}active {7}419430400 +\d+ +\d+ +\d+\.\d\d%$/);
  const used = Number(lines[2]?.split(/\s+/)[4]);
  assert.is(used, 8 * 1024 * 1024);
});

test('two nodes sharing one pmxcfs see each other in /cluster/resources', () => {
  const b = makeSimState({ node: 'pve2', pveDir: `${sim.dir}/etc/pve` });
  try {
    assert.is(b.run(['pct', 'create', '200', TPL, '--storage', 'local-lvm']).code, 0);
    let r = b.run(['pct', 'create', '100', TPL, '--storage', 'local-lvm']);
    assert.equal([r.code, r.stderr], [255, "CT 100 already exists on node 'pve'\n"]);
    const list = JSON.parse(sim.run(['pvesh', 'get', '/cluster/resources', '--type', 'vm', '--output-format', 'json']).stdout) as Array<Record<string, unknown>>;
    assert.equal(list.map((e) => `${e['vmid']}@${e['node']}`), ['100@pve', '101@pve', '200@pve2']);
    r = sim.run(['pct', 'config', '200']);
    assert.equal([r.code, r.stderr], [2, "Configuration file 'nodes/pve/lxc/200.conf' does not exist\n"]);
    assert.equal(b.run(['pct', 'list']).stdout.split('\n').length, 3);
  } finally {
    b.cleanup();
  }
});

test.run();
