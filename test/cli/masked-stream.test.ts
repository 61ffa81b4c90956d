// What Phoenix prints to a pipe or a file is gathered and written per turn of the event loop (masked-stream.ts):
// the lines must come out whole, in order (also across stdout and stderr when they are one file), at a hard exit
// too, and masked. Each case runs in a child process whose stdout/stderr are real files or pipes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const MODULE = fileURLToPath(new URL('../../src/cli/masked-stream.js', import.meta.url));
const SECRETS = fileURLToPath(new URL('../../src/runner/secrets.js', import.meta.url));

/** Run `body` (ESM, `out`/`err` are the masked streams) with fd 1 and 2 as `shell` redirects them. */
function run(body: string, redirect: string): { dir: string; code: number | null; piped: string } {
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-masked-'));
  const script = join(dir, 's.mjs');
  const code = `import { maskedStreams } from ${JSON.stringify(MODULE)};
import * as secrets from ${JSON.stringify(SECRETS)};
const { stdout: out, stderr: err } = maskedStreams(process.stdout, process.stderr);
${body}`;
  spawnSync('sh', ['-c', `cat > "$1"`, 'sh', script], { input: code });
  const r = spawnSync('sh', ['-c', `${JSON.stringify(process.execPath)} "$1" ${redirect}`, 'sh', script], { cwd: dir, encoding: 'utf8' });
  return { dir, code: r.status, piped: r.stdout };
}

test('stdout and stderr into one file (2>&1): every line, in the order written', () => {
  const r = run(`for (let i = 0; i < 3000; i++) (i % 3 ? out : err).write(\`line \${i}\\n\`);
await new Promise((res) => setTimeout(res, 5));
out.write('after a turn\\n'); err.write('last\\n');`, '> both.log 2>&1');
  try {
    assert.is(r.code, 0);
    const lines = readFileSync(join(r.dir, 'both.log'), 'utf8').trimEnd().split('\n');
    assert.equal(lines, [...Array.from({ length: 3000 }, (_, i) => `line ${i}`), 'after a turn', 'last']);
  } finally { rmSync(r.dir, { recursive: true, force: true }); }
});

test('separate files: each gets all of its own lines', () => {
  const r = run(`for (let i = 0; i < 2000; i++) (i % 2 ? out : err).write(\`\${i}\\n\`);`, '> o.log 2> e.log');
  try {
    const o = readFileSync(join(r.dir, 'o.log'), 'utf8').trimEnd().split('\n');
    const e = readFileSync(join(r.dir, 'e.log'), 'utf8').trimEnd().split('\n');
    assert.equal(o, Array.from({ length: 1000 }, (_, i) => String(2 * i + 1)));
    assert.equal(e, Array.from({ length: 1000 }, (_, i) => String(2 * i)));
  } finally { rmSync(r.dir, { recursive: true, force: true }); }
});

test('a hard exit (process.exit before the event loop turns) still writes what was gathered', () => {
  const r = run(`out.write('first\\n'); err.write('second\\n'); process.exit(3);`, '> both.log 2>&1');
  try {
    assert.is(r.code, 3);
    assert.is(readFileSync(join(r.dir, 'both.log'), 'utf8'), 'first\nsecond\n');
  } finally { rmSync(r.dir, { recursive: true, force: true }); }
});

test('a pipe: the output arrives whole; a write with a callback keeps its place', () => {
  const r = run(`out.write('a\\n'); out.write('b\\n', () => out.write('c\\n')); out.write('d\\n');`, '2>/dev/null');
  try {
    assert.is(r.code, 0);
    assert.is(r.piped, 'a\nb\nd\nc\n');
  } finally { rmSync(r.dir, { recursive: true, force: true }); }
});

test('gathered output is masked like direct output', () => {
  const r = run(`secrets.registerSecret('hunter2-secret-value');
out.write('pw hunter2-secret-value\\n');`, '2>&1');
  try {
    assert.is(r.code, 0, r.piped);
    assert.not.match(r.piped, /hunter2-secret-value/);
    assert.match(r.piped, /^pw \S+\n$/);
  } finally { rmSync(r.dir, { recursive: true, force: true }); }
});

test.run();
