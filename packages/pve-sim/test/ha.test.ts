// HA start/stop queueing for guests in <pmxcfs>/ha/resources.cfg (API2/LXC/Status.pm, API2/Qemu.pm vm_start /
// vm_stop: `Requesting HA start for CT <id>`). The HA manager acts PVE_SIM_HA_DELAY_S after the request, on the
// next call; time passes here with PVE_SIM_CLOCK_OFFSET_S, so nothing waits.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSimState } from '../src/harness.js';
import { parseHaResources } from '../src/state/ha.js';

const TPL = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';
const sim = makeSimState({ env: { PVE_SIM_HA_DELAY_S: '60' } });
test.after(() => sim.cleanup());
const haCfg = join(sim.dir, 'etc/pve/ha/resources.cfg');
const later = (s: number): Record<string, string> => ({ PVE_SIM_CLOCK_OFFSET_S: String(s) });
const run = (argv: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } => sim.run(argv, { env });
const status = (argv: string[], env: Record<string, string> = {}): string => run(argv, env).stdout;

test.before(() => {
  assert.is(run(['pct', 'create', '950', TPL, '--storage', 'local-lvm']).code, 0);
  assert.is(run(['pct', 'create', '951', TPL, '--storage', 'local-lvm']).code, 0);
  assert.is(run(['qm', 'create', '1001', '--memory', '512']).code, 0);
  mkdirSync(join(sim.dir, 'etc/pve/ha'), { recursive: true });
  writeFileSync(haCfg, 'ct: 950\n\tmax_restart 1\n\tstate stopped\n\nct: 951\n\tstate ignored\n\nvm: 1001\n\n');
});

test('resources.cfg parses as a SectionConfig', () => {
  assert.equal(parseHaResources(readFileSync(haCfg, 'utf8')).map((r) => [r.sid, r.props]), [
    ['ct:950', { max_restart: '1', state: 'stopped' }], ['ct:951', { state: 'ignored' }], ['vm:1001', {}],
  ]);
});

test('pct start of an HA-managed CT only queues: the request text, exit 0, still stopped, state started', () => {
  const r = run(['pct', 'start', '950']);
  assert.equal([r.code, r.stdout, r.stderr], [0, 'Requesting HA start for CT 950\n', '']);
  assert.is(status(['pct', 'status', '950']), 'status: stopped\n');
  assert.match(readFileSync(haCfg, 'utf8'), /^ct: 950\n\tmax_restart 1\n\tstate started\n/);
  const st = JSON.parse(status(['pvesh', 'get', '/nodes/pve/lxc/950/status/current', '--output-format', 'json'])) as Record<string, unknown>;
  assert.equal(st['ha'], { managed: 1, state: 'started' });
  const res = JSON.parse(status(['pvesh', 'get', '/cluster/resources', '--type', 'vm', '--output-format', 'json'])) as Array<Record<string, unknown>>;
  assert.equal(res.map((e) => [e['vmid'], e['hastate']]), [[950, 'started'], [951, 'ignored'], [1001, 'started']]);
});

test('the HA manager starts it PVE_SIM_HA_DELAY_S later, on the next call', () => {
  assert.is(status(['pct', 'status', '950'], later(30)), 'status: stopped\n');
  assert.is(status(['pct', 'status', '950'], later(61)), 'status: running\n');
});

test('pct stop of an HA-managed CT queues too', () => {
  const r = run(['pct', 'stop', '950'], later(61));
  assert.equal([r.code, r.stdout], [0, 'Requesting HA stop for CT 950\n']);
  assert.is(status(['pct', 'status', '950'], later(61)), 'status: running\n');
  assert.match(readFileSync(haCfg, 'utf8'), /\tstate stopped\n/);
  assert.is(status(['pct', 'status', '950'], later(130)), 'status: stopped\n');
});

test('an `ignored` resource is started directly', () => {
  const r = run(['pct', 'start', '951']);
  assert.equal([r.code, r.stdout], [0, '']);
  assert.is(status(['pct', 'status', '951']), 'status: running\n');
});

test('qm start of an HA-managed VM: `Requesting HA start for VM 1001`', () => {
  const r = run(['qm', 'start', '1001']);
  assert.equal([r.code, r.stdout], [0, 'Requesting HA start for VM 1001\n']);
  assert.is(status(['qm', 'status', '1001']), 'status: stopped\n');
  assert.is(status(['qm', 'status', '1001'], later(61)), 'status: running\n');
});

test('PVE_SIM_HA=0 ignores resources.cfg', () => {
  const env = { PVE_SIM_HA: '0', ...later(200) };
  const r = run(['pct', 'start', '950'], env);
  assert.equal([r.code, r.stdout], [0, '']);
  assert.is(status(['pct', 'status', '950'], env), 'status: running\n');
});

test.run();
