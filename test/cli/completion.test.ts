// Shell completion: the bash script, sourced in a real bash with COMP_WORDS / COMP_CWORD set, fills COMPREPLY
// with commands, verbs, options and the guest ids of the config (read at completion time); a broken config
// completes nothing and prints nothing. zsh and fish scripts are syntax-checked when those shells are installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { completeWords, FILES } from '../../src/cli/complete-words.js';
import { cli } from '../helpers/cli.js';
import { repoRoot, writeProject, type Project } from '../helpers/fixtures.js';

let project: Project;
let script: string;
test.before(async () => {
  project = writeProject();
  const r = await cli(['completion', 'bash']);
  assert.is(r.code, 0, r.stderr);
  script = join(project.dir, 'phoenix.bash');
  writeFileSync(script, r.stdout);
});
test.after(() => project.cleanup());

/** COMPREPLY for a command line typed so far (a trailing space starts a new, empty word), and bash's stderr. */
function complete(line: string, cwd = project.dir): { reply: string[]; stderr: string } {
  const words = line.split(' ');
  const prog = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _phoenix_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', prog, 'bash', script, ...words], {
    cwd, encoding: 'utf8', env: { ...process.env, PATH: `${join(repoRoot(), 'bin')}:${process.env['PATH'] ?? ''}` },
  });
  assert.is(r.status, 0, r.stderr);
  return { reply: r.stdout.split('\n').filter(Boolean), stderr: r.stderr };
}

test('commands and verbs first; a prefix narrows them', () => {
  const all = complete('phoenix ').reply;
  for (const w of ['run', 'plan', 'validate', 'graph', 'init', 'completion', 'help', 'create', 'LetsGo', 'setup']) assert.ok(all.includes(w), w);
  assert.equal(complete('phoenix cr').reply, ['create']);
  assert.equal(complete('phoenix re').reply, ['restart', 'reconfigure']);
  assert.equal(complete('phoenix run Le').reply, ['LetsGo']);
});

test('guest ids from the config, read at completion time; ids already typed are not offered again', () => {
  const ids = ['900', '950', '9000', '9100'].sort();
  assert.equal(complete('phoenix create ').reply.sort(), ids);
  assert.equal(complete('phoenix start 9').reply.sort(), ids);
  assert.equal(complete('phoenix start 950 9').reply.sort(), ids.filter((x) => x !== '950'));
  assert.equal(complete('phoenix run stop --limit 90').reply.sort(), ['900', '9000']);
  assert.equal(complete('phoenix start --limit 900,91').reply, ['900,9100']);
  assert.ok(complete('phoenix test ').reply.includes('pve'), 'test also takes node names');
});

test('options of the command (and the verb), and option values', () => {
  const create = complete('phoenix create 950 --').reply;
  for (const o of ['--check', '--dry-run', '--apply-pending', '--json', '--all']) assert.ok(create.includes(o), o);
  assert.not.ok(create.includes('--wipe-disks'), 'a setup option is not offered for create');
  assert.not.ok(create.includes('--resume'));
  assert.equal(complete('phoenix start 950 --ch').reply, ['--check']);
  assert.equal(complete('phoenix plan create --format ').reply, ['yaml', 'json']);
  assert.equal(complete('phoenix graph --format ').reply, ['mermaid', 'dot']);
  assert.equal(complete('phoenix completion ').reply, ['bash', 'zsh', 'fish']);
  assert.ok(complete('phoenix run --resume ').reply.includes('last'));
});

test('-c FILE names the config to read, from any directory; a FILE value completes file names', () => {
  assert.equal(complete(`phoenix start -c ${project.configFile} 95`, '/').reply, ['950']);
  const files = complete(`phoenix validate -c ${project.dir}/phoenix.con`, '/').reply;
  assert.equal(files, [`${project.dir}/phoenix.config.yaml`]);
});

test('no config, or a broken one: ids complete nothing, and nothing is printed', () => {
  const broken = writeProject({ rawFiles: { 'phoenix_lxc_configs.json': '{ not json' } });
  try {
    for (const cwd of [broken.dir, '/']) {
      const r = complete('phoenix start ', cwd);
      assert.equal(r.reply, [], cwd);
      assert.is(r.stderr, '', cwd);
    }
    assert.equal(complete('phoenix cr', broken.dir).reply, ['create'], 'verbs still complete');
  } finally { broken.cleanup(); }
});

test('__complete itself never fails and never writes to stderr', async () => {
  for (const words of [[], ['--', 'start', ''], ['--', '-c'], ['--', '--limit'], ['--', 'run', 'x.yaml', '--nope', '']]) {
    const r = await cli(['__complete', ...words], { cwd: '/' });
    assert.is(r.code, 0, words.join(' '));
    assert.is(r.stderr, '', words.join(' '));
  }
});

test('completeWords: FILES for a file-valued option and a playbook path', async () => {
  const src = { guests: async () => ['950'], nodes: async () => ['pve'] };
  assert.is(await completeWords(['-c', ''], src), FILES);
  assert.is(await completeWords(['run', 'playbooks/'], src), FILES);
  assert.is(await completeWords(['plan', 'LetsGo', '-o', 'x'], src), FILES);
  assert.equal(await completeWords(['letsgo', '--li'], src), ['--limit'], 'a verb in any case');
});

const hasShell = (sh: string): boolean => spawnSync(sh, ['-c', 'exit 0']).status === 0;
const withBin = { ...process.env, PATH: `${join(repoRoot(), 'bin')}:${process.env['PATH'] ?? ''}` };

/** Completions from the zsh script: compadd and _files stubbed, `words` / CURRENT set as zsh's completion sets them. */
const ZSH_PROBE = `compdef() { :; }; compadd() { shift; print -l -- "$@"; }; _files() { print FILES; }; source "$1"; shift; words=("$@"); CURRENT=$#words; _phoenix`;

for (const sh of ['zsh', 'fish'] as const) {
  test(`${sh} script: parses, and completes verbs, ids and files when ${sh} is installed`, async () => {
    const r = await cli(['completion', sh]);
    assert.is(r.code, 0);
    assert.match(r.stdout, /__complete --/);
    if (!hasShell(sh)) { console.log(`(${sh} not installed: only the script text checked)`); return; }
    const file = join(project.dir, `phoenix.${sh}`);
    writeFileSync(file, r.stdout);
    execFileSync(sh, ['-n', file]);
    const ask = (line: string): string[] => {
      const out = sh === 'fish'
        ? execFileSync('fish', ['-c', `source ${file}; complete -C ${JSON.stringify(line)}`], { cwd: project.dir, env: withBin, encoding: 'utf8' })
        : execFileSync('zsh', ['-c', ZSH_PROBE, 'zsh', file, ...line.split(' ')], { cwd: project.dir, env: withBin, encoding: 'utf8' });
      return out.split('\n').map((l) => l.split('\t')[0]!).filter(Boolean);
    };
    assert.equal(ask('phoenix cr'), ['create']);
    assert.equal(ask('phoenix start 95'), ['950']);
    assert.equal(ask('phoenix start --ch'), ['--check']);
    assert.equal(ask('phoenix validate -c phoenix.con'), sh === 'fish' ? ['phoenix.config.yaml'] : ['FILES']);
  });
}

test.run();
