// One run per node: two workspaces (config folders) on one simulated node, locally and through a real sshd. While
// run A holds the node, run B waits (one line naming the holder), then refuses naming it — exit 1, no command sent,
// no run lock or journal left; a run that may wait longer gets the node once A is done and finds everything built
// (the feature ran once). A holder killed with SIGKILL leaves no node lock behind. Before: both runs interleaved and
// `base_setup` ran twice in one CT.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseHolder } from '../../src/runner/node-lock.js';
import { cli } from '../helpers/cli.js';
import { MARKER_FEATURE } from '../helpers/estate.js';
import { repoRoot, writeProject, type Project } from '../helpers/fixtures.js';
import { readAudit, simBinDir, simNodeConfig } from '../helpers/sim.js';
import { isSshdAvailable, simSshNodeConfig, startSimSshd } from '../helpers/sshd.js';

const NO_VMS = { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [] };
const TOOLS = ['pct', 'qm', 'pvesh', 'pvesm', 'zfs', 'zpool', 'systemctl', 'exportfs', 'smbpasswd', 'pdbedit'];
const LXC = {
  lxc_configs: {
    '900': {
      name: 'base', memory_mb: 512, cores: 1, storage_pool: 'local-lvm', storage_size_gb: 8, template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      network_config: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' }, template_snapshot_name: 'base', features: ['base_setup'],
    },
  },
};

/** A workspace on the node `node` (an inventory entry), its feature script leaving a marker in the guest. */
function workspace(node: Record<string, unknown>): Project {
  const p = writeProject({ lxc: LXC, vm: NO_VMS, scripts: { features: ['base_setup'] }, inventory: { defaultNode: 'pve', nodes: { pve: node } } });
  writeFileSync(join(p.scriptsDir, 'features', 'base_setup.sh'), MARKER_FEATURE);
  return p;
}

/** A bin directory that logs every simulator tool call, then runs it: what a workspace sent to the node. */
function loggingBin(dir: string): { bin: string; log: string } {
  const bin = join(dir, 'logging-bin');
  const log = join(dir, 'calls.log');
  mkdirSync(bin, { recursive: true });
  writeFileSync(log, '');
  for (const t of TOOLS) {
    writeFileSync(join(bin, t), `#!/bin/sh\necho "${t} $*" >> '${log}'\nexec '${join(simBinDir, t)}' "$@"\n`);
    chmodSync(join(bin, t), 0o755);
  }
  return { bin, log };
}

function spawnRun(p: Project, env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<{ code: number | null; out: string }> } {
  const child = spawn(process.execPath, [join(repoRoot(), 'dist/src/cli/main.js'), 'create', '900'], { cwd: p.dir, env: { ...process.env, CI: 'true', ...env } });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  return { child, done: new Promise((r) => child.on('close', (code) => r({ code, out }))) };
}

async function heldBy(lockFile: string, configDir: string): Promise<number> {
  for (let i = 0; i < 1200; i++) {
    const h = existsSync(lockFile) ? parseHolder(readFileSync(lockFile, 'utf8')) : undefined;
    if (h?.holder.config === configDir) return h.holder.pid!;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${lockFile} never named ${configDir}`);
}

const markers = (sim: string): string[] => {
  const conf = readFileSync(join(sim, 'etc/pve/nodes/pve/lxc/900.conf'), 'utf8');
  const m = /^rootfs: ([^:,]+):([^,\s]+)/m.exec(conf)!;
  return readFileSync(join(sim, 'volumes', m[1]!, m[2]!, 'etc/phoenix/features.log'), 'utf8').trim().split('\n');
};

test('two workspaces, one local node: the second waits, refuses naming the holder and sends nothing; a patient one runs after', async () => {
  const sim = mkdtempSync(join(tmpdir(), 'phx-sim-'));
  const lockFile = join(sim, 'node.lock');
  const a = workspace(simNodeConfig(sim, { latencyMs: 300 }));
  const logged = loggingBin(sim);
  const b = workspace({ ...simNodeConfig(sim), path: [logged.bin, simBinDir] });
  const c = workspace(simNodeConfig(sim));
  try {
    const runA = spawnRun(a);
    const pidA = await heldBy(lockFile, a.dir);
    assert.is(pidA, runA.child.pid);
    const [rb, rc] = await Promise.all([
      cli(['create', '900'], { cwd: b.dir, env: { PHOENIX_LOCK_WAIT: '1' } }),
      cli(['create', '900'], { cwd: c.dir, env: { PHOENIX_LOCK_WAIT: '300' } }),
    ]);
    const holder = `another phoenix run (host ${hostname()}, pid ${pidA}, started \\S+, config ${a.dir})`;
    assert.is(rb.code, 1, rb.stdout + rb.stderr);
    assert.match(rb.stdout, new RegExp(`Waiting for node pve: ${holder.replace(/[()]/g, '\\$&')} holds ${lockFile}; waiting up to 1s`));
    assert.match(rb.stderr.trim(), new RegExp(`^Error: node pve is in use by ${holder.replace(/[()]/g, '\\$&')}, which holds ${lockFile}; waited 1s and sent nothing: run again when it has finished$`));
    assert.is(readFileSync(logged.log, 'utf8'), '', 'the refused run sent nothing to the node');
    assert.equal(readdirSync(join(b.dir, '.phoenix', 'runs')), [], 'no journal of a run that never started');
    assert.not.ok(existsSync(join(b.dir, '.phoenix', 'run.lock')));
    const ra = await runA.done;
    assert.is(ra.code, 0, ra.out);
    // the patient one waited for A, then found 900 built: nothing created twice, the feature ran once
    assert.is(rc.code, 0, rc.stdout + rc.stderr);
    assert.match(rc.stdout, /Waiting for node pve: another phoenix run/);
    assert.match(rc.stdout, /Nothing changed/);
    assert.equal(markers(sim), ['ran base_setup.sh']);
  } finally {
    for (const p of [a, b, c]) p.cleanup();
    rmSync(sim, { recursive: true, force: true });
  }
});

test('a run killed with SIGKILL holds no node lock: the next run gets the node and converges', async () => {
  const sim = mkdtempSync(join(tmpdir(), 'phx-sim-'));
  const a = workspace(simNodeConfig(sim, { latencyMs: 100 }));
  const b = workspace(simNodeConfig(sim));
  try {
    const runA = spawnRun(a);
    await heldBy(join(sim, 'node.lock'), a.dir);
    runA.child.kill('SIGKILL');
    await runA.done;
    const r = await cli(['create', '900'], { cwd: b.dir, env: { PHOENIX_LOCK_WAIT: '30' } });
    assert.is(r.code, 0, r.stdout + r.stderr);
    assert.equal(markers(sim), ['ran base_setup.sh']);
  } finally {
    a.cleanup();
    b.cleanup();
    rmSync(sim, { recursive: true, force: true });
  }
});

test('over SSH: two workspaces on one node behind sshd; the second is refused naming the first, and sends nothing', async () => {
  if (!isSshdAvailable()) return;
  const sim = mkdtempSync(join(tmpdir(), 'phx-sim-'));
  const server = await startSimSshd(sim, { latencyMs: 200 });
  const a = workspace(simSshNodeConfig(server, sim));
  const b = workspace(simSshNodeConfig(server, sim));
  try {
    const lockFile = join(sim, 'node.lock');
    const runA = spawnRun(a);
    const pidA = await heldBy(lockFile, a.dir);
    // freeze A while it holds the node: whatever reaches the node from now on would be B's
    runA.child.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, 1000));
    const since = new Date().toISOString();
    const rb = await cli(['create', '900'], { cwd: b.dir, env: { PHOENIX_LOCK_WAIT: '1' } });
    assert.is(rb.code, 1, rb.stdout + rb.stderr);
    assert.match(rb.stderr, new RegExp(`Error: node pve is in use by another phoenix run \\(host ${hostname()}, pid ${pidA}, started \\S+, config ${a.dir}\\), which holds ${lockFile}`));
    assert.equal(readAudit(sim).filter((e) => e.ts >= since).map((e) => e.argv.join(' ')), [], 'B sent nothing');
    runA.child.kill('SIGCONT');
    const ra = await runA.done;
    assert.is(ra.code, 0, ra.out);
    // A is gone, its session with it: B now gets the node
    const again = await cli(['create', '900'], { cwd: b.dir, env: { PHOENIX_LOCK_WAIT: '30' } });
    assert.is(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /Nothing changed/);
  } finally {
    await server.stop();
    a.cleanup();
    b.cleanup();
    rmSync(sim, { recursive: true, force: true });
  }
});

test.run();
