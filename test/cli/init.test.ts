// `phoenix init`: a fresh folder, then validate, plan LetsGo and run LetsGo all exit 0 on the built-in simulator;
// a second run changes nothing; the $schema pointers lead to the shipped schemas; a non-empty folder is refused.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli } from '../helpers/cli.js';
import { repoRoot } from '../helpers/fixtures.js';

let base: string;
test.before(() => { base = mkdtempSync(join(tmpdir(), 'phoenix-init-')); });
test.after(() => rmSync(base, { recursive: true, force: true }));

test('init, validate, plan LetsGo, run LetsGo: all exit 0; the second run changes nothing', async () => {
  const init = await cli(['init', 'demo'], { cwd: base });
  assert.is(init.code, 0, init.stderr);
  assert.match(init.stdout, /cd demo\n {2}phoenix validate\n {2}phoenix plan LetsGo\n {2}phoenix run LetsGo\n$/);
  const dir = join(base, 'demo');
  const validate = await cli(['validate'], { cwd: dir });
  assert.is(validate.code, 0, validate.stderr);
  assert.match(validate.stdout, /valid: 2 containers, 0 VMs, 1 node/);
  assert.is(validate.stderr, '', 'no warning either');
  const plan = await cli(['plan', 'LetsGo'], { cwd: dir });
  assert.is(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, /task: lxc\.create/);
  const run = await cli(['run', 'LetsGo'], { cwd: dir });
  assert.is(run.code, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /901 lxc\.create: clone 900@golden -> 901 \[changed/);
  assert.match(run.stdout, /900 lxc\.feature:hello: run hello \[changed/);
  const again = await cli(['run', 'LetsGo', '--json'], { cwd: dir });
  assert.is(again.code, 0, again.stderr);
  const end = JSON.parse(again.stdout.trim().split('\n').pop()!) as { event: string; counts: Record<string, number>; commands_sent: number };
  assert.is(end.event, 'run_end');
  assert.is(end.commands_sent, 0, 'a second run sends no mutating command');
  assert.not.ok(end.counts['changed'], JSON.stringify(end.counts));
});

test('the $schema pointers lead to the schemas this installation ships', async () => {
  const dir = join(base, 'schemas');
  assert.is((await cli(['init', dir], { cwd: '/' })).code, 0);
  const shipped = join(repoRoot(), 'config', 'schemas');
  const pointers: [string, string][] = [];
  for (const f of ['phoenix_lxc_configs.json', 'phoenix_vm_configs.json', 'phoenix_hypervisor_config.json']) {
    pointers.push([f, (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { $schema: string }).$schema]);
  }
  const yaml = /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(join(dir, 'phoenix.config.yaml'), 'utf8'));
  assert.ok(yaml, 'the config names its schema for the YAML language server');
  pointers.push(['phoenix.config.yaml', yaml[1]!]);
  for (const [f, p] of pointers) {
    const target = resolve(dir, p);
    assert.ok(existsSync(target), `${f}: ${p}`);
    assert.is(dirname(target), shipped, f);
  }
  assert.is(statSync(join(dir, 'scripts/features/hello.sh')).mode & 0o111, 0o111, 'the feature script is executable');
});

test('init in the current directory, when it is empty', async () => {
  const dir = join(base, 'here');
  mkdirSync(dir);
  const r = await cli(['init'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'phoenix.config.yaml')));
  assert.not.match(r.stdout, /\n {2}cd /);
});

test('a directory that is not empty is refused, and nothing is written into it', async () => {
  const dir = join(base, 'busy');
  mkdirSync(dir);
  writeFileSync(join(dir, 'notes.txt'), 'mine\n');
  const r = await cli(['init', dir], { cwd: '/' });
  assert.is(r.code, 1);
  assert.match(r.stderr, /^Error: init: .*busy is not empty \(notes\.txt\)/);
  assert.not.ok(existsSync(join(dir, 'phoenix.config.yaml')));
  const file = join(base, 'a-file');
  writeFileSync(file, '');
  assert.is((await cli(['init', file], { cwd: '/' })).code, 1);
});

test.run();
