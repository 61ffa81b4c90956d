// Runs every compiled test file (`node <file>`: each uvu file runs itself) a few at a time, slowest first, and
// prints one line per file, the whole output of a failing one, and the totals. Most of the suite waits on child
// processes (the simulator, sshd), so running files side by side shortens it without changing what it tests.
// One warm worker pool of the simulator serves the whole run (PVE_SIM_SOCKET in every file's environment): a
// simulated call then costs a few ms instead of a fresh node process. PVE_SIM_POOL=0 runs without it.
//   node dist/test/run-parallel.js [dir] [--jobs N]      (TEST_JOBS=N works too)
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { startPool } from '@phoenix/pve-sim';

const args = process.argv.slice(2);
const jobsAt = args.indexOf('--jobs');
const jobs = Math.max(1, Number(jobsAt >= 0 ? args[jobsAt + 1] : process.env.TEST_JOBS) || availableParallelism() + 1);
const root = args.find((a, i) => !a.startsWith('--') && (jobsAt < 0 || i !== jobsAt + 1)) ?? 'dist/test';

// realpve/ needs the real PVE node (npm run test:realpve); it is skipped below the root, run when it is the root
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? (n === 'realpve' ? [] : files(p)) : /\.test\.js$/.test(n) ? [p] : [];
  });
}

// integration files start simulators and sshd: start them first so the long ones do not finish last
const weight = (f: string): number => (f.includes('/integration/') ? 0 : f.includes('/hostile/') ? 1 : 2);
const queue = files(root).sort((a, b) => weight(a) - weight(b) || a.localeCompare(b));

// eslint-disable-next-line no-control-regex
const plain = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');
const count = (out: string, label: string): number => Number(/\s(\d+)\s*$/.exec(plain(out).split('\n').find((l) => l.trim().startsWith(label)) ?? '')?.[1] ?? 0);

interface Result { file: string; code: number; out: string; ms: number }

function run(file: string): Promise<Result> {
  const t0 = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...pool?.env, FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('close', (code) => done({ file, code: code ?? 1, out, ms: Date.now() - t0 }));
  });
}

// the pool ends with this process, however it ends (pve-sim src/pool/manager.ts)
const pool = process.env['PVE_SIM_POOL'] === '0' ? undefined : await startPool();
const t0 = Date.now();
const results: Result[] = [];
async function worker(): Promise<void> {
  for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
    const r = await run(f);
    results.push(r);
    const total = count(r.out, 'Total:');
    const line = `${r.code === 0 ? 'ok  ' : 'FAIL'} ${relative(root, r.file)} (${total} tests, ${(r.ms / 1000).toFixed(1)}s)`;
    process.stdout.write(`${line}\n`);
    if (r.code !== 0) process.stdout.write(`${plain(r.out)}\n`);
  }
}
await Promise.all(Array.from({ length: jobs }, worker));
const served = await pool?.stats();
await pool?.close();

const failed = results.filter((r) => r.code !== 0);
const total = results.reduce((n, r) => n + count(r.out, 'Total:'), 0);
const passed = results.reduce((n, r) => n + count(r.out, 'Passed:'), 0);
const skipped = results.reduce((n, r) => n + count(r.out, 'Skipped:'), 0);
process.stdout.write(`\n${results.length} files, ${total} tests: ${passed} passed, ${skipped} skipped, ${failed.length} file(s) failed in ${((Date.now() - t0) / 1000).toFixed(1)}s (${jobs} at a time)\n`);
if (served) process.stdout.write(`simulator pool: ${served.served} calls, ${served.forked} workers, ${served.cpuS.toFixed(0)} CPU s\n`);
for (const r of failed) process.stdout.write(`FAILED ${relative(root, r.file)}\n`);
process.exitCode = failed.length ? 1 : 0;
