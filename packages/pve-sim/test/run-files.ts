// The package's `npm test`: every compiled test file (`node <file>`: each uvu file runs itself), a few at a time,
// with one warm worker pool serving all their simulated calls (src/pool/): a call then costs a few ms, and the
// files, which mostly wait on the simulator, keep both cores busy. One line per file, the whole output of a
// failing one, the totals; exit 1 when a file failed.
//   node dist/test/run-files.js [dir]      TEST_JOBS=N: N at a time; PVE_SIM_POOL=0: without the pool
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startPool } from '../src/pool/start-pool.js';

const dir = process.argv[2] ?? 'dist/test';
const jobs = Math.max(1, Number(process.env['TEST_JOBS']) || availableParallelism() + 1);
// the longest first (measured), so that no long file starts last
const LONG = ['pool.test.js', 'scale-lock.test.js', 'faults-audit.test.js', 'concurrency.test.js', 'api-oracle.test.js', 'qm.test.js'];
const rank = (f: string): number => (LONG.includes(f) ? LONG.indexOf(f) : LONG.length);
const queue = readdirSync(dir).filter((n) => n.endsWith('.test.js')).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

// eslint-disable-next-line no-control-regex
const plain = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');
const count = (out: string, label: string): number => Number(/\s(\d+)\s*$/.exec(plain(out).split('\n').find((l) => l.trim().startsWith(label)) ?? '')?.[1] ?? 0);

const pool = process.env['PVE_SIM_POOL'] === '0' ? undefined : await startPool();
interface Result { file: string; code: number; out: string }
function run(file: string): Promise<Result> {
  const t0 = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(dir, file)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...pool?.env, FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('close', (code) => {
      process.stdout.write(`${code === 0 ? 'ok  ' : 'FAIL'} ${file} (${count(out, 'Total:')} tests, ${((Date.now() - t0) / 1000).toFixed(1)}s)\n`);
      if (code !== 0) process.stdout.write(`${plain(out)}\n`);
      done({ file, code: code ?? 1, out });
    });
  });
}

const t0 = Date.now();
const results: Result[] = [];
await Promise.all(Array.from({ length: jobs }, async () => {
  for (let f = queue.shift(); f !== undefined; f = queue.shift()) results.push(await run(f));
}));
await pool?.close();
const failed = results.filter((r) => r.code !== 0);
const total = results.reduce((n, r) => n + count(r.out, 'Total:'), 0);
const passed = results.reduce((n, r) => n + count(r.out, 'Passed:'), 0);
process.stdout.write(`\n${results.length} files, ${total} tests: ${passed} passed, ${failed.length} file(s) failed in ${((Date.now() - t0) / 1000).toFixed(1)}s (${jobs} at a time)\n`);
process.exitCode = failed.length ? 1 : 0;
