// The sandbox LetsGo on a real terminal: util-linux `script` gives Phoenix a pseudo-terminal, so listr2's animated
// renderer runs (the one a person sees). It must exit 0, draw the steps as they run (guest, step, state, time) in
// colour, the summary and the per-node recap; the second run must say nothing changed and time nothing. NO_COLOR and
// FORCE_COLOR=0 keep the animation without colour; on a pipe FORCE_COLOR=1 colours (and moves no cursor), and neither
// --json's stdout nor the journal ever carries a colour code.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../helpers/sim.js';

const SCRIPT = '/usr/bin/script';
const sandbox = join(repoRoot, 'examples', 'sandbox');
// what a user runs: bin/phoenix, which loads the bundled CLI (tools/bundle-cli.ts)
const main = join(repoRoot, 'bin/phoenix');
const dir = mkdtempSync(join(tmpdir(), 'phoenix-pty-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

// the sandbox exactly as the README's command uses it, copied elsewhere (as a user who copies the example does):
// its phoenix.config.yaml must find the simulator from any directory
cpSync(sandbox, join(dir, 'sb'), { recursive: true, filter: (src) => !src.includes('/.phoenix') });
const config = join(dir, 'sb', 'phoenix.config.yaml');

// eslint-disable-next-line no-control-regex
const ANY = /\x1b\[[0-9;?]*[A-Za-z]/g;
// eslint-disable-next-line no-control-regex
const COLOUR = /\x1b\[[0-9;]*m/;
// eslint-disable-next-line no-control-regex
const CURSOR = /\x1b\[[0-9;?]*[A-Za-ln-z]/;
const RECAP = /^ {2}sandbox {2}ok=\d+ +changed=(\d+) +failed=0 {2}unreachable=0 {2}not-run=0$/m;

/** The environment of a person's shell: none of the colour or CI switches unless the test sets them. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  for (const k of ['CI', 'NO_COLOR', 'FORCE_COLOR']) delete env[k];
  return { ...env, ...extra };
}

/** Phoenix on a 120x40 terminal; returns its exit code and everything the terminal received, escape codes removed. */
function onTerminal(args: string[], extra: Record<string, string> = {}): { code: number; screen: string; raw: string } {
  const cmd = `stty cols 120 rows 40; exec ${[process.execPath, main, ...args].map((a) => `'${a.replace(/'/g, `'"'"'`)}'`).join(' ')}`;
  const r = spawnSync(SCRIPT, ['-qfec', cmd, '/dev/null'], { env: envWith(extra), encoding: 'utf8', timeout: 240_000 });
  const raw = `${r.stdout}${r.stderr}`;
  return { code: r.status ?? 1, raw, screen: raw.replace(ANY, '').replace(/\r/g, '') };
}

/** Phoenix with its output on pipes. */
function onPipe(args: string[], extra: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [main, ...args], { env: envWith(extra), encoding: 'utf8', timeout: 240_000 });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

if (!existsSync(SCRIPT)) {
  console.log(`  skipped: ${SCRIPT} (util-linux) is not installed`);
} else {
  test('LetsGo on a terminal: steps drawn while they run and when done (guest, step, state, time), in colour; summary and recap; exit 0', () => {
    const r = onTerminal(['run', 'LetsGo', '-c', config]);
    assert.is(r.code, 0, r.screen.slice(-3000));
    assert.not.match(r.screen, /Maximum call stack|Error:/);
    assert.match(r.raw, /\x1b\[\?25l/, 'the animated renderer hides the cursor while it draws');
    // drawn as it runs: the step is on screen, running, before its final line
    const running = r.screen.search(/900 lxc\.create …/);
    const done = r.screen.search(/✔ 900 lxc\.create: create 900 from \S+ \[changed \d+\.\ds\]/);
    assert.ok(running >= 0 && done > running, `running at ${running}, done at ${done}`);
    assert.match(r.screen, /✔ 1001 vm\.start: start \(stopped\) \[changed \d+\.\ds\]/);
    assert.match(r.screen, /✔ 900 lxc\.config( |: .*)\[ok\]/);
    // colour: the state words, and the icons, in the palette
    assert.ok(r.raw.includes('[\x1b[33mchanged\x1b[39m'), 'changed in yellow');
    assert.ok(r.raw.includes('[\x1b[32mok\x1b[39m]'), 'ok in green');
    assert.ok(r.raw.includes('\x1b[32m✔\x1b[39m'), 'the tick in green');
    assert.match(r.screen, /Summary: \d+ changed, \d+ ok, 0 failed, 0 not run/);
    const recap = RECAP.exec(r.screen);
    assert.ok(recap, r.screen.slice(-1500));
    assert.ok(Number(recap[1]) > 0);
    assert.ok(r.screen.indexOf('Recap:') < r.screen.indexOf('Summary:'), 'the recap, then the totals');
  });

  test('the second LetsGo on a terminal: nothing changed, nothing timed', () => {
    const r = onTerminal(['run', 'LetsGo', '-c', config]);
    assert.is(r.code, 0, r.screen.slice(-3000));
    assert.match(r.screen, /Summary: 0 changed, \d+ ok, 0 failed, 0 not run/);
    assert.match(r.screen, /Nothing changed: no mutating command was sent\./);
    assert.is(RECAP.exec(r.screen)?.[1], '0', r.screen.slice(-1500));
    assert.not.match(r.screen, /Slowest|Time per node/);
    assert.not.match(r.screen, /\[ok \d/, 'a step that only planned is not timed');
  });

  test('NO_COLOR, and FORCE_COLOR=0, on a terminal: the animated display without a single colour code', () => {
    for (const extra of [{ NO_COLOR: '1' }, { FORCE_COLOR: '0' }]) {
      const r = onTerminal(['run', 'LetsGo', '-c', config], extra);
      assert.is(r.code, 0, r.screen.slice(-3000));
      assert.match(r.raw, /\x1b\[\?25l/, `${JSON.stringify(extra)}: still animated`);
      assert.not.match(r.raw, COLOUR, JSON.stringify(extra));
      assert.match(r.screen, /Nothing changed/);
    }
  });

  test('on a pipe: plain by default; FORCE_COLOR=1 colours without cursor codes; --json stdout and the journal never coloured', () => {
    const plain = onPipe(['run', 'LetsGo', '-c', config]);
    assert.is(plain.code, 0, plain.stderr);
    assert.not.match(plain.stdout, /\x1b/);
    assert.match(plain.stdout, RECAP);
    const forced = onPipe(['run', 'LetsGo', '-c', config], { FORCE_COLOR: '1' });
    assert.is(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, COLOUR);
    assert.not.match(forced.stdout, CURSOR);
    assert.equal(forced.stdout.replace(ANY, '').split('\n').filter((l) => /\[ok\]$/.test(l)).length, plain.stdout.split('\n').filter((l) => /\[ok\]$/.test(l)).length);
    const json = onPipe(['run', 'LetsGo', '-c', config, '--json'], { FORCE_COLOR: '1' });
    assert.is(json.code, 0, json.stderr);
    assert.not.match(json.stdout, /\x1b/);
    for (const line of json.stdout.trim().split('\n')) JSON.parse(line);
    assert.match(json.stderr, COLOUR, 'the human view on stderr is still painted');
    const journal = /Journal: (\S+)/.exec(json.stderr.replace(ANY, ''))?.[1];
    assert.ok(journal && existsSync(journal), json.stderr);
    assert.not.match(readFileSync(journal, 'utf8'), /\x1b|\\u001b/);
  });
}

test.run();
