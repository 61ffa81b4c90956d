// A closed stdout never aborts a run: `phoenix run LetsGo --json | head -c 100` on the sandbox. The reader goes away
// after 100 bytes; the run goes on to the end (later writes to the pipe dropped, the journal gets everything): no
// stack trace, exit 0, the run lock released, the journal complete (run_end), and the next run converges. Before:
// `Error: write EPIPE` with a stack, dead after `pct create 900`, the lock left and the journal cut.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../helpers/sim.js';

const dir = mkdtempSync(join(tmpdir(), 'phoenix-pipe-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
cpSync(join(repoRoot, 'examples', 'sandbox'), join(dir, 'sb'), { recursive: true, filter: (src) => !src.includes('/.phoenix') });
const config = join(dir, 'sb', 'phoenix.config.yaml');
// what a user runs: bin/phoenix, which loads the bundled CLI (tools/bundle-cli.ts)
const main = join(repoRoot, 'bin/phoenix');
const q = (s: string): string => `'${s.replace(/'/g, `'"'"'`)}'`;

test('run LetsGo --json | head -c 100: no stack trace, exit 0, lock released, journal complete; the next run converges', () => {
  const err = join(dir, 'stderr');
  const rc = join(dir, 'rc');
  const sh = `{ ${q(process.execPath)} ${q(main)} run LetsGo --json -c ${q(config)} 2>${q(err)}; echo $? >${q(rc)}; } | head -c 100`;
  const r = spawnSync('sh', ['-c', sh], { encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 300_000 });
  assert.is(r.stdout.length, 100, r.stdout);
  const stderr = readFileSync(err, 'utf8');
  assert.is(readFileSync(rc, 'utf8').trim(), '0', stderr.slice(-3000));
  assert.not.match(stderr, /EPIPE|^\s+at /m);
  const state = join(dir, 'sb', '.phoenix');
  assert.not.ok(existsSync(join(state, 'run.lock')), 'the run lock is released');
  const runs = readdirSync(join(state, 'runs')).filter((n) => n.endsWith('.jsonl'));
  assert.is(runs.length, 1);
  const journal = readFileSync(join(state, 'runs', runs[0]!), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; exit_code?: number });
  assert.equal(journal.at(-1), { ...journal.at(-1)!, event: 'run_end', exit_code: 0 });
  const again = spawnSync(process.execPath, [main, 'run', 'LetsGo', '-c', config], { encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 300_000 });
  assert.is(again.status, 0, again.stdout + again.stderr);
  assert.match(again.stdout, /Nothing changed: no mutating command was sent\./);
});

test.run();
