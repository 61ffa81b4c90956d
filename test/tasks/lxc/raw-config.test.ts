import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { idMapLines, rawLxcLines } from '../../../src/compile/raw-lxc.js';
import { lxcRawConfig, REPLACE_RAW } from '../../../src/tasks/lxc/raw-config.js';
import { allArgs, argvs, factsFrom, planOf } from '../../helpers/facts.js';
import { lxc } from '../../helpers/model.js';

test('desired lines: lxc_options normalised, AppArmor, GPU devices, deduplicated', () => {
  const lines = rawLxcLines(lxc('901', { lxc_options: ['lxc.apparmor.profile=unconfined', 'lxc.mount.auto:sys:rw'], apparmor_profile: 'unconfined', gpu_assignment: '0, 1' }));
  assert.equal(lines.slice(0, 2), ['lxc.apparmor.profile: unconfined', 'lxc.mount.auto: sys:rw']);
  assert.ok(lines.includes('lxc.mount.entry: /dev/nvidia1 dev/nvidia1 none bind,optional,create=file'));
  assert.is(lines.filter((l) => l === 'lxc.apparmor.profile: unconfined').length, 1);
});

test('id_maps: the configured entries (unlike the original), gaps mapped at +100000', () => {
  assert.equal(idMapLines([{ type: 'gid', host_id: 33, container_id: 33, size: 1 }]), [
    'lxc.idmap: u 0 100000 65536',
    'lxc.idmap: g 0 100000 33', 'lxc.idmap: g 33 33 1', 'lxc.idmap: g 34 100034 65502',
  ]);
});

test('plan: same set -> none; different -> one update naming added and removed lines', () => {
  const facts = factsFrom({ '901': { rawLxc: ['lxc.apparmor.profile: unconfined', 'lxc.cgroup2.devices.allow: c 195:* rwm'] } });
  assert.equal(planOf(lxcRawConfig, facts, { vmid: '901', lines: ['lxc.apparmor.profile: unconfined', 'lxc.cgroup2.devices.allow: c 195:* rwm'] }), { change: { kind: 'none' }, commands: [] });
  const plan = planOf(lxcRawConfig, facts, { vmid: '901', lines: ['lxc.apparmor.profile: unconfined'] });
  assert.is(plan.change.kind, 'update');
  assert.match(plan.change.kind !== 'none' ? plan.change.detail : '', /- lxc\.cgroup2\.devices\.allow: c 195:\* rwm/);
});

test('plan: the fixed script rewrites the node\'s config file, the lines travel on stdin (never in argv)', () => {
  const facts = factsFrom({ '901': { rawLxc: ['lxc.apparmor.profile: old'] } }, 'pve1');
  facts.paths.pveRoot = '/srv/sim/etc/pve/';
  const lines = ['lxc.apparmor.profile: unconfined', 'lxc.mount.auto: sys:rw'];
  const plan = planOf(lxcRawConfig, facts, { vmid: '901', lines });
  assert.equal(argvs(plan), [['sh', '-c', REPLACE_RAW, 'phoenix-raw-lxc', '/srv/sim/etc/pve/nodes/pve1/lxc/901.conf', '901']]);
  assert.equal(plan.commands[0]!.stdin, ['lxc.apparmor.profile: unconfined\nlxc.mount.auto: sys:rw']);
  assert.not.match(allArgs(plan), /sys:rw/);
});

test('the block is replaced as a unit in the current section only; snapshots untouched; applying twice = once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phx-raw-'));
  const f = join(dir, '901.conf');
  writeFileSync(f, '#desc%3A\narch: amd64\nlxc.apparmor.profile: old\nmemory: 512\nlxc.idmap: u 0 100000 65536\n\n[snap]\nlxc.apparmor.profile: old\nmemory: 256\n');
  const run = (lines: string): void => { const r = spawnSync('sh', ['-c', REPLACE_RAW, 'x', f, '901'], { input: lines }); assert.is(r.status, 0, r.stderr.toString()); };
  run('lxc.mount.auto: sys:rw\nlxc.x: a\\b');
  run('lxc.mount.auto: sys:rw\nlxc.x: a\\b');
  assert.is(readFileSync(f, 'utf8'), '#desc%3A\narch: amd64\nmemory: 512\nlxc.mount.auto: sys:rw\nlxc.x: a\\b\n\n[snap]\nlxc.apparmor.profile: old\nmemory: 256\n');
  run('');
  assert.is(readFileSync(f, 'utf8'), '#desc%3A\narch: amd64\nmemory: 512\n\n[snap]\nlxc.apparmor.profile: old\nmemory: 256\n');
});

test.run();
