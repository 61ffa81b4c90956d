// PVE_SIM_RRD_LAG_S: /cluster/resources shows pvestatd's cache (PVE/API2Tools.pm extract_vm_stats), the
// per-node lists and `pct status` stay live; pmxcfs's `.vmlist`. Time passes with PVE_SIM_CLOCK_OFFSET_S
// (the clock of the simulated daemons), so nothing here waits.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSimState } from '../src/harness.js';

const TPL = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';
// a lag no test outlives: only the clock offset makes a tick happen
const sim = makeSimState({ env: { PVE_SIM_RRD_LAG_S: '3600' } });
test.after(() => sim.cleanup());

type Entry = Record<string, unknown>;
const later = (hours: number): Record<string, string> => ({ PVE_SIM_CLOCK_OFFSET_S: String(hours * 3600) });
function json(argv: string[], env: Record<string, string> = {}): unknown {
  const r = sim.run([...argv, '--output-format', 'json'], { env });
  assert.is(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}
const resources = (env: Record<string, string> = {}): Entry[] => json(['pvesh', 'get', '/cluster/resources', '--type', 'vm'], env) as Entry[];
const ok = (argv: string[], env: Record<string, string> = {}): string => {
  const r = sim.run(argv, { env });
  assert.is(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

test('a guest created after the last tick is `unknown`, with no name or template, until the next tick', () => {
  ok(['pct', 'list']); // the first call takes the first snapshot (an empty node)
  ok(['pct', 'create', '950', TPL, '--storage', 'local-lvm', '--hostname', 'web', '--tags', 'prod']);
  assert.equal(resources(), [{ id: 'lxc/950', node: 'pve', status: 'unknown', tags: 'prod', type: 'lxc', vmid: 950 }]);
  // the per-node list and pct status are live (vmstatus)
  const live = json(['pvesh', 'get', '/nodes/pve/lxc']) as Entry[];
  assert.equal(live.map((e) => [e['vmid'], e['status'], e['name']]), [['950', 'stopped', 'web']]);
  assert.is(ok(['pct', 'status', '950']), 'status: stopped\n');
  const e = resources(later(1))[0] ?? {};
  assert.equal([e['status'], e['name'], e['template'], e['maxmem']], ['stopped', 'web', 0, 512 * 1024 * 1024]);
});

test('a start shows in /cluster/resources only after the next tick; pct status and /nodes/pve/lxc at once', () => {
  ok(['pct', 'start', '950'], later(1));
  assert.is(resources(later(1))[0]?.['status'], 'stopped');
  assert.is(ok(['pct', 'status', '950'], later(1)), 'status: running\n');
  assert.is((json(['pvesh', 'get', '/nodes/pve/lxc'], later(1)) as Entry[])[0]?.['status'], 'running');
  assert.is(resources(later(2))[0]?.['status'], 'running');
  // stop then start at once: the cache still says running in between, and after
  ok(['pct', 'stop', '950'], later(2));
  assert.is(resources(later(2))[0]?.['status'], 'running');
  ok(['pct', 'start', '950'], later(2));
  assert.is(resources(later(3))[0]?.['status'], 'running');
});

test('the snapshot is the state at the tick, not at the first call after it', () => {
  // the stop below is the first call after tick 4: pvestatd saw 950 running at the tick
  ok(['pct', 'stop', '950'], later(4));
  assert.is(resources(later(4))[0]?.['status'], 'running');
  assert.is(resources(later(5))[0]?.['status'], 'stopped');
});

test('template flag and name lag too; lock and tags are live', () => {
  ok(['pct', 'set', '950', '--hostname', 'renamed', '--lock', 'backup'], later(5));
  let e = resources(later(5))[0] ?? {};
  assert.equal([e['name'], e['lock']], ['web', 'backup']);
  ok(['pct', 'unlock', '950'], later(5));
  ok(['pct', 'template', '950'], later(5));
  e = resources(later(5))[0] ?? {};
  assert.equal([e['template'], e['lock']], [0, undefined]);
  e = resources(later(6))[0] ?? {};
  assert.equal([e['template'], e['name']], [1, 'renamed']);
});

test('PVE_SIM_RRD_LAG_S=0 (the default) is live', () => {
  ok(['pct', 'create', '951', TPL, '--storage', 'local-lvm', '--hostname', 'b'], { PVE_SIM_RRD_LAG_S: '0' });
  const e = resources({ PVE_SIM_RRD_LAG_S: '0' }).find((x) => x['vmid'] === 951) ?? {};
  assert.equal([e['status'], e['name'], e['template']], ['stopped', 'b', 0]);
});

test('/nodes/pve/qemu is served live, vmid a number', () => {
  ok(['qm', 'create', '1000', '--name', 'vm1', '--memory', '1024'], later(6));
  ok(['qm', 'start', '1000'], later(6));
  const list = json(['pvesh', 'get', '/nodes/pve/qemu'], later(6)) as Entry[];
  assert.equal(list.map((e) => [e['vmid'], e['status'], e['name']]), [[1000, 'running', 'vm1']]);
  assert.is(resources(later(6)).find((x) => x['vmid'] === 1000)?.['status'], 'unknown');
});

test('.vmlist: pmxcfs format, a version bump per config write and per removal', () => {
  const path = join(sim.dir, 'etc/pve/.vmlist');
  const text = readFileSync(path, 'utf8');
  assert.match(text, /^\{\n"version": \d+,\n"ids": \{\n"950": \{ "node": "pve", "type": "lxc", "version": \d+ \},\n"951": \{ "node": "pve", "type": "lxc", "version": \d+ \},\n"1000": \{ "node": "pve", "type": "qemu", "version": \d+ \}\}\n\n\}\n$/);
  const parsed = (): { version: number; ids: Record<string, { version: number }> } => JSON.parse(readFileSync(path, 'utf8'));
  const before = parsed();
  ok(['pct', 'set', '951', '--memory', '1024'], later(6));
  const after = parsed();
  assert.is(after.version, before.version + 1);
  assert.ok((after.ids['951']?.version ?? 0) > (before.ids['1000']?.version ?? 0));
  assert.is(after.ids['950']?.version, before.ids['950']?.version);
  ok(['pct', 'destroy', '951'], later(6));
  const gone = parsed();
  assert.equal([gone.version, Object.keys(gone.ids)], [after.version + 1, ['950', '1000']]);
});

test.run();
