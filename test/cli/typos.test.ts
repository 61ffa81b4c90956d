// Typos get the nearest verb, command or option, in Phoenix's own words; `letsgo` in any case is LetsGo; a missing
// option value is named. Nothing here reaches a node (parse errors, or plans only).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli } from '../helpers/cli.js';
import { writeProject, type Project } from '../helpers/fixtures.js';

let project: Project;
test.before(() => { project = writeProject(); });
test.after(() => project.cleanup());

const fails = async (argv: string[], stderr: string): Promise<void> => {
  const r = await cli(argv, { cwd: project.dir });
  assert.is(r.code, 1, argv.join(' '));
  assert.is(r.stderr, stderr, argv.join(' '));
  assert.is(r.stdout, '', argv.join(' '));
};

test('a mistyped verb or command gets the nearest one', async () => {
  await fails(['creat', '950'], "Error: Invalid verb 'creat' (did you mean 'create'?)\n");
  await fails(['LetsGoo'], "Error: Invalid verb 'LetsGoo' (did you mean 'LetsGo'?)\n");
  await fails(['run', 'strat', '950'], "Error: Invalid verb 'strat' (did you mean 'start'?)\n");
  await fails(['plan', 'reconfigur', '950'], "Error: Invalid verb 'reconfigur' (did you mean 'reconfigure'?)\n");
  await fails(['valdate'], "Error: Invalid verb 'valdate' (did you mean 'validate'?)\n");
  await fails(['completion', 'bsh'], "Error: no completion for shell 'bsh'; shells: bash, zsh, fish\n");
});

test('nothing near: the seed\'s line, verbatim', async () => {
  await fails(['foobar'], "Error: Invalid verb 'foobar'\n");
});

test('letsgo in any case is LetsGo (the same plan)', async () => {
  const want = await cli(['plan', 'LetsGo', '--format', 'json'], { cwd: project.dir });
  assert.is(want.code, 0, want.stderr);
  for (const spelling of ['letsgo', 'LETSGO', 'letsGo']) {
    const r = await cli(['plan', spelling, '--format', 'json'], { cwd: project.dir });
    assert.is(r.code, 0, r.stderr);
    assert.is(r.stdout, want.stdout, spelling);
    const short = await cli([spelling, '--dry-run'], { cwd: project.dir });
    assert.is(short.code, 0, short.stderr);
    assert.match(short.stdout, /dry run: no node was contacted/);
  }
});

test('unknown options in Phoenix\'s words, with the nearest option', async () => {
  await fails(['start', '950', '--chek'], "Error: unknown option '--chek' (did you mean '--check'?)\n");
  await fails(['create', '950', '--dryrun'], "Error: unknown option '--dryrun' (did you mean '--dry-run'?)\n");
  await fails(['run', 'LetsGo', '--apply-pendin'], "Error: unknown option '--apply-pendin' (did you mean '--apply-pending'?)\n");
  await fails(['start', '950', '--frobnicate'], "Error: unknown option '--frobnicate'\n");
  await fails(['start', '950', '-x'], "Error: unknown option '-x'\n");
});

test('a missing or unexpected option value is named', async () => {
  await fails(['start', '950', '--config'], "Error: option '--config' needs a value (FILE)\n");
  await fails(['start', '950', '-c', '--check'], "Error: option '-c' needs a value (FILE)\n");
  await fails(['start', '--limit'], "Error: option '--limit' needs a value (950,951)\n");
  await fails(['start', '950', '--check=yes'], "Error: option '--check' takes no value\n");
  await fails(['plan', 'start', '950', '--format', 'xml'], "Error: --format must be yaml or json, not 'xml'\n");
  await fails(['graph', '--format', 'svg'], "Error: --format must be mermaid or dot, not 'svg'\n");
});

test('--opt=value and -cFILE forms work like the spaced ones', async () => {
  const a = await cli(['plan', 'start', '950', '--format=json', `--config=${project.configFile}`], { cwd: '/' });
  const b = await cli(['plan', 'start', '950', '--format', 'json', `-c${project.configFile}`], { cwd: '/' });
  assert.is(a.code, 0, a.stderr);
  assert.is(a.stdout, b.stdout);
  assert.match(a.stdout, /"task": "lxc.start"/);
});

test('a verb option on a verb that does not take it names the verbs that do', async () => {
  await fails(['start', '950', '--apply-pending'], "Error: --apply-pending is for create, reconfigure, LetsGo, not 'start'\n");
  await fails(['start', '950', '--wipe-disks'], "Error: --wipe-disks is for setup, not 'start'\n");
});

test('a guest verb without ids says how to give them, --all included', async () => {
  const r = await cli(['start'], { cwd: project.dir });
  assert.is(r.code, 1);
  const [first, ...rest] = r.stderr.trimEnd().split('\n');
  assert.is(first, "Error: Verb 'start' requires at least one target ID", 'the seed line, verbatim');
  assert.match(rest.join('\n'), /--all/);
});

test.run();
