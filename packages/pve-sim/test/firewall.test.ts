import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSimState } from '../src/harness.js';

const sim = makeSimState();
const fw = (name: string): string => readFileSync(join(sim.dir, 'etc/pve/firewall', name), 'utf8');
const ok = (argv: string[]): string => {
  const r = sim.run(argv);
  assert.is(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const RULES = '/nodes/pve/lxc/950/firewall/rules';
test.after(() => sim.cleanup());

test.before(() => {
  ok(['pct', 'create', '950', 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', '--storage', 'local-lvm']);
});

test('create puts new rules on top, disabled unless --enable; stored in .fw format', () => {
  ok(['pvesh', 'create', RULES, '--type', 'in', '--action', 'ACCEPT', '--proto', 'tcp', '--dport', '22', '--source', '10.0.0.0/8', '--comment', 'ssh', '--enable', '1']);
  ok(['pvesh', 'create', RULES, '--type', 'out', '--action', 'DROP']);
  assert.is(fw('950.fw'), '[RULES]\n\n|OUT DROP\nIN ACCEPT -source 10.0.0.0/8 -p tcp -dport 22 # ssh\n\n');
  const list = JSON.parse(ok(['pvesh', 'get', RULES, '--output-format', 'json'])) as Array<Record<string, unknown>>;
  assert.equal(list.map((r) => [r['pos'], r['type'], r['action'], r['enable']]), [[0, 'out', 'DROP', 0], [1, 'in', 'ACCEPT', 1]]);
  assert.equal([list[1]?.['dport'], list[1]?.['proto'], list[1]?.['comment']], ['22', 'tcp', 'ssh']);
  assert.match(String(list[0]?.['digest']), /^[0-9a-f]{40}$/);
});

test('get/set/delete by position, moveto, errors', () => {
  const one = JSON.parse(ok(['pvesh', 'get', `${RULES}/1`, '--output-format', 'json'])) as Record<string, unknown>;
  assert.is(one['pos'], 1);
  ok(['pvesh', 'set', `${RULES}/0`, '--enable', '1', '--comment', 'egress']);
  ok(['pvesh', 'set', `${RULES}/0`, '--moveto', '2']);
  assert.is(fw('950.fw'), '[RULES]\n\nIN ACCEPT -source 10.0.0.0/8 -p tcp -dport 22 # ssh\nOUT DROP # egress\n\n');
  let r = sim.run(['pvesh', 'delete', `${RULES}/7`]);
  assert.equal([r.code, r.stderr], [255, 'no rule at position 7\n']);
  r = sim.run(['pvesh', 'create', RULES, '--type', 'in', '--action', 'ACCEPT', '--dport', '80']);
  assert.equal([r.code, r.stderr], [255, "400 Parameter verification failed.\ndport: missing property - 'proto' is required with 'dport'\npvesh create <api_path> [OPTIONS] [FORMAT_OPTIONS]\n"]);
  for (const pos of ['1', '0']) ok(['pvesh', 'delete', `${RULES}/${pos}`]);
  assert.equal(JSON.parse(ok(['pvesh', 'get', RULES, '--output-format', 'json'])), []);
});

test('guest and datacenter options', () => {
  ok(['pvesh', 'set', '/nodes/pve/lxc/950/firewall/options', '--enable', '1', '--policy_in', 'DROP']);
  const o = JSON.parse(ok(['pvesh', 'get', '/nodes/pve/lxc/950/firewall/options', '--output-format', 'json'])) as Record<string, unknown>;
  assert.equal([o['enable'], o['policy_in']], [1, 'DROP']);
  assert.ok(fw('950.fw').startsWith('[OPTIONS]\n\nenable: 1\npolicy_in: DROP\n\n'));
  ok(['pvesh', 'set', '/cluster/firewall/options', '--enable', '1']);
  ok(['pvesh', 'create', '/cluster/firewall/rules', '--type', 'in', '--action', 'ACCEPT', '--macro', 'SSH', '--enable', '1']);
  assert.is(fw('cluster.fw'), '[OPTIONS]\n\nenable: 1\n\n[RULES]\n\nIN SSH(ACCEPT)\n\n');
});

test('destroying the guest removes its firewall file; clone copies it', () => {
  ok(['pvesh', 'create', RULES, '--type', 'in', '--action', 'ACCEPT', '--proto', 'udp', '--dport', '53']);
  ok(['pct', 'clone', '950', '951']);
  assert.match(fw('951.fw'), /IN ACCEPT -p udp -dport 53/);
  ok(['pct', 'destroy', '950']);
  assert.throws(() => fw('950.fw'));
});

test.run();
