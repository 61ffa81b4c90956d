// Three Proxmox nodes behind real OpenSSH sshd processes on 127.0.0.1 (generated keys, key-only auth), each with its
// own simulator state, sharing one pmxcfs directory (a cluster). LetsGo across the three then a clean re-run; a node
// killed mid-run is reported unreachable while the others finish; hostile strings arrive as single argv elements.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { cli } from '../helpers/cli.js';
import { readAudit } from '../helpers/sim.js';
import { isSshdAvailable, simSshNodeConfig, startSimSshd, type Sshd } from '../helpers/sshd.js';

const HOSTILE = ["a'b", '; touch /tmp/phx-pwned-1', '$(touch /tmp/phx-pwned-2)', '`touch /tmp/phx-pwned-3`', '"q" | x', 'line\nbreak', '', '*'];
const NODES = ['pve1', 'pve2', 'pve3'];
const available = isSshdAvailable();
const dir = mkdtempSync(join(tmpdir(), 'phoenix-cluster-'));
const pveDir = join(dir, 'cluster', 'etc', 'pve');
const stateOf = (n: string): string => join(dir, 'sim', n);
const servers = new Map<string, Sshd>();

const ct = (id: string, node: string, extra: Record<string, unknown>) => ({
  name: `ct${id}`, memory_mb: 512, cores: 1, storage_pool: 'local-lvm', storage_size_gb: 4, node,
  network_config: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' }, ...extra,
});

function writeConfig(): string {
  const lxc: Record<string, unknown> = {};
  NODES.forEach((n, i) => {
    const base = 700 + i * 100;
    lxc[String(base)] = ct(String(base), n, { template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst', template_snapshot_name: 'base' });
    for (let k = 1; k <= 3; k++) lxc[String(base + k)] = ct(String(base + k), n, { clone_from_ctid: String(base) });
  });
  (lxc['701'] as Record<string, unknown>).health_check = { command: ['/bin/sh', '-c', 'printf "%s\\0" "$@" > /root/args', 'argv0', ...HOSTILE] };
  const nodes: Record<string, unknown> = {};
  for (const n of NODES) {
    const s = servers.get(n)!;
    nodes[n] = simSshNodeConfig(s, stateOf(n), { node: n, pveDir });
  }
  writeFileSync(join(dir, 'lxc.json'), JSON.stringify({ lxc_configs: lxc }));
  writeFileSync(join(dir, 'vm.json'), JSON.stringify({ vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [] }));
  writeFileSync(join(dir, 'hv.json'), JSON.stringify({ domain_name: 'example.test' }));
  const file = join(dir, 'phoenix.config.yaml');
  writeFileSync(file, stringify({ configs: { hypervisor: './hv.json', lxc: './lxc.json', vm: './vm.json' }, inventory: { defaultNode: 'pve1', nodes } }));
  return file;
}

async function start(n: string, latencyMs = 0): Promise<void> {
  mkdirSync(stateOf(n), { recursive: true });
  servers.set(n, await startSimSshd(stateOf(n), { node: n, pveDir, latencyMs }));
}

const creates = (n: string): string[] => readAudit(stateOf(n)).filter((c) => c.code === 0 && /^pct (create|clone)$/.test(c.argv.slice(0, 2).join(' '))).map((c) => c.argv[1] === 'clone' ? c.argv[3]! : c.argv[2]!);

test.before(async () => { if (available) for (const n of NODES) await start(n); });
test.after(async () => { for (const s of servers.values()) await s.stop(); rmSync(dir, { recursive: true, force: true }); });

test('LetsGo across three SSH nodes, then a re-run: at most 2 tool calls per node, none mutating', async () => {
  if (!available) return;
  const config = writeConfig();
  const r = await cli(['LetsGo', '-c', config]);
  assert.is(r.code, 0, r.stdout + r.stderr);
  const before = NODES.map((n) => readAudit(stateOf(n)).length);
  const again = await cli(['LetsGo', '-c', config]);
  assert.is(again.code, 0, again.stdout);
  NODES.forEach((n, i) => {
    const calls = readAudit(stateOf(n)).slice(before[i]);
    assert.ok(calls.length <= 2, `${n}: ${calls.map((c) => c.argv.join(' ')).join(' | ')}`);
    assert.equal(calls.filter((c) => c.mutating), []);
  });
});

test('hostile strings in the config arrive in the guest as exactly one argv element each; nothing runs on the host', async () => {
  if (!available) return;
  const r = await cli(['test', '701', '-c', join(dir, 'phoenix.config.yaml')]);
  assert.is(r.code, 0, r.stdout);
  const conf = readFileSync(join(pveDir, 'nodes/pve1/lxc/701.conf'), 'utf8');
  const vol = /^rootfs: ([^:]+):([^,]+)/m.exec(conf)!;
  const got = readFileSync(join(stateOf('pve1'), 'volumes', vol[1]!, vol[2]!, 'root/args'), 'utf8').split('\0').slice(0, -1);
  assert.equal(got, HOSTILE);
  for (const k of [1, 2, 3]) assert.not.ok(existsSync(`/tmp/phx-pwned-${k}`));
});

test("one node's sshd killed mid-run: it is reported unreachable, the others finish; the next run converges, no guest twice", async () => {
  if (!available) return;
  for (const n of NODES) rmSync(stateOf(n), { recursive: true, force: true });
  rmSync(pveDir, { recursive: true, force: true });
  await servers.get('pve3')!.stop();
  await start('pve3', 250);
  const config = writeConfig();
  const run = cli(['LetsGo', '-c', config]);
  for (let i = 0; i < 200 && !readAudit(stateOf('pve3')).some((c) => c.mutating); i++) await new Promise((r) => setTimeout(r, 50));
  servers.get('pve3')!.kill();
  const r = await run;
  assert.is(r.code, 1);
  assert.match(r.stdout, /pve3: unreachable/);
  assert.match(r.stdout, /802 lxc\.start: start/, 'pve2 finished');
  assert.match(r.stdout, /702 lxc\.start: start/, 'pve1 finished');
  await start('pve3', 0);
  const next = await cli(['LetsGo', '-c', writeConfig()]);
  assert.is(next.code, 0, next.stdout);
  for (const n of NODES) { const c = creates(n); assert.equal(c, [...new Set(c)], `${n} created a guest twice: ${c.join(' ')}`); }
  assert.equal(creates('pve3').sort(), ['900', '901', '902', '903']);
});

test.run();
