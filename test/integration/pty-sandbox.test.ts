// The sandbox LetsGo on a real terminal: util-linux `script` gives Phoenix a pseudo-terminal, so listr2's animated
// renderer runs (the one a person sees). It must exit 0, draw the steps and the summary, and the second run must say
// nothing changed. (The plain renderer that CI and pipes get is covered everywhere else.)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../helpers/sim.js';

const SCRIPT = '/usr/bin/script';
const sandbox = join(repoRoot, 'examples', 'sandbox');
const dir = mkdtempSync(join(tmpdir(), 'phoenix-pty-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

// the sandbox exactly as the README's command uses it, copied elsewhere (as a user who copies the example does):
// its phoenix.config.yaml must find the simulator from any directory
cpSync(sandbox, join(dir, 'sb'), { recursive: true, filter: (src) => !src.includes('/.phoenix') });
const config = join(dir, 'sb', 'phoenix.config.yaml');

/** Phoenix on a 120x40 terminal; returns its exit code and everything the terminal received, escape codes removed. */
function onTerminal(args: string[]): { code: number; screen: string; raw: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  for (const k of ['CI', 'NO_COLOR', 'FORCE_COLOR']) delete env[k];
  const cmd = `stty cols 120 rows 40; exec ${[process.execPath, join(repoRoot, 'dist/src/cli/main.js'), ...args].map((a) => `'${a.replace(/'/g, `'"'"'`)}'`).join(' ')}`;
  const r = spawnSync(SCRIPT, ['-qfec', cmd, '/dev/null'], { env, encoding: 'utf8', timeout: 240_000 });
  const raw = `${r.stdout}${r.stderr}`;
  // eslint-disable-next-line no-control-regex
  return { code: r.status ?? 1, raw, screen: raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '') };
}

if (!existsSync(SCRIPT)) {
  console.log(`  skipped: ${SCRIPT} (util-linux) is not installed`);
} else {
  test('LetsGo on a terminal: animated display, every step drawn with its state, the summary, exit 0', () => {
    const r = onTerminal(['run', 'LetsGo', '-c', config]);
    assert.is(r.code, 0, r.screen.slice(-3000));
    assert.not.match(r.screen, /Maximum call stack|Error:/);
    assert.match(r.raw, /\x1b\[\?25l/, 'the animated renderer hides the cursor while it draws');
    assert.match(r.screen, /✔ 900 lxc\.create: create 900 from \S+ \[changed/);
    assert.match(r.screen, /✔ 1001 vm\.start: start \(stopped\) \[changed/);
    assert.match(r.screen, /Summary: \d+ changed, \d+ ok, 0 failed, 0 not run/);
  });

  test('the second LetsGo on a terminal: nothing changed', () => {
    const r = onTerminal(['run', 'LetsGo', '-c', config]);
    assert.is(r.code, 0, r.screen.slice(-3000));
    assert.match(r.screen, /Summary: 0 changed, \d+ ok, 0 failed, 0 not run/);
    assert.match(r.screen, /Nothing changed: no mutating command was sent\./);
  });
}

test.run();
