// Broken `.phoenix` paths: one line naming the file and the fix, exit 1, no node contacted, and nothing left behind
// (no run lock, no journal). Before: raw ENOENT / EEXIST, and a `runs` file left the run lock behind.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli } from '../helpers/cli.js';
import { writeProject, type Project } from '../helpers/fixtures.js';
import { readAudit, simNodeConfig } from '../helpers/sim.js';

const NO_VMS = { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [] };

/** A project whose simulated node keeps its state outside the project's `.phoenix/` (which the tests break). */
function project(): Project & { sim: string } {
  const sim = mkdtempSync(join(tmpdir(), 'phx-sim-'));
  const p = writeProject({ vm: NO_VMS, inventory: { defaultNode: 'pve', nodes: { pve: simNodeConfig(sim) } } });
  return { ...p, sim, cleanup: () => { p.cleanup(); rmSync(sim, { recursive: true, force: true }); } };
}

const calls = (p: { sim: string }): number => (existsSync(join(p.sim, 'audit.jsonl')) ? readAudit(p.sim).length : 0);

async function refused(p: Project & { sim: string }, expected: string): Promise<void> {
  const r = await cli(['create', '900'], { cwd: p.dir });
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.equal(r.stderr.trim().split('\n'), [expected], r.stderr);
  assert.is(calls(p), 0, 'no node was contacted');
}

test('run.lock a dangling symlink: named, with the fix; the link is left as it was and nothing is created', async () => {
  const p = project();
  try {
    const lock = join(p.dir, '.phoenix', 'run.lock');
    mkdirSync(join(p.dir, '.phoenix'));
    symlinkSync('/nonexistent/phoenix.lock', lock);
    await refused(p, `Error: ${lock}: is a symbolic link (to /nonexistent/phoenix.lock); Phoenix writes its run lock there itself; remove it (rm '${lock}')`);
    assert.equal(readdirSync(join(p.dir, '.phoenix')), ['run.lock']);
  } finally { p.cleanup(); }
});

test('runs a regular file: named, with the fix; no run lock left behind', async () => {
  const p = project();
  try {
    const runs = join(p.dir, '.phoenix', 'runs');
    mkdirSync(join(p.dir, '.phoenix'));
    writeFileSync(runs, 'not a directory\n');
    await refused(p, `Error: ${runs}: is a file, not a directory (the journal directory .phoenix/runs must be one); remove or rename it (mv '${runs}' '${runs}.old')`);
    assert.equal(readdirSync(join(p.dir, '.phoenix')), ['runs']);
  } finally { p.cleanup(); }
});

test('.phoenix a regular file, or a dangling symlink: named, with the fix', async () => {
  const p = project();
  try {
    const state = join(p.dir, '.phoenix');
    writeFileSync(state, '');
    await refused(p, `Error: ${state}: is a file, not a directory (the state directory .phoenix must be one); remove or rename it (mv '${state}' '${state}.old')`);
    rmSync(state);
    symlinkSync(join(p.dir, 'gone'), state);
    await refused(p, `Error: ${state}: is a symbolic link to ${join(p.dir, 'gone')}, which does not exist; remove the link (rm '${state}') or create its target`);
    assert.not.ok(existsSync(join(p.dir, 'gone')));
  } finally { p.cleanup(); }
});

test('.phoenix on a read-only filesystem: named, with the cause and the fix', async () => {
  const p = project();
  const state = join(p.dir, '.phoenix');
  mkdirSync(state);
  try {
    try { execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', state], { stdio: 'pipe' }); } catch (e) {
      if (process.env.CI === 'true') throw e;
      console.log(`  skipped (mount refused: ${(e as Error).message.split('\n')[0]})`);
      return;
    }
    try {
      await refused(p, `Error: ${state}: cannot write in it (EROFS: the filesystem is read-only); make it writable, or keep the configuration where Phoenix can write beside it`);
    } finally { execFileSync('umount', [state]); }
  } finally { p.cleanup(); }
});

test('after the fix the same run goes through', async () => {
  const p = project();
  try {
    const lock = join(p.dir, '.phoenix', 'run.lock');
    mkdirSync(join(p.dir, '.phoenix'));
    symlinkSync('/nonexistent/phoenix.lock', lock);
    assert.is((await cli(['create', '900'], { cwd: p.dir })).code, 1);
    rmSync(lock);
    const r = await cli(['create', '900'], { cwd: p.dir });
    assert.is(r.code, 0, r.stdout + r.stderr);
    assert.not.ok(existsSync(lock), 'the lock is released');
  } finally { p.cleanup(); }
});

test.run();
