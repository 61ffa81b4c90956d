// One style for every error line: `Error: <message>` (the seed's own lines are already so), whatever prefix the
// message carried, never twice; hint lines follow as they are.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { errorLine, errorLines, problemWhere } from '../../src/cli/report-error.js';
import { ConfigError, PlanError, UsageError } from '../../src/errors.js';
import { cli } from '../helpers/cli.js';
import { sampleLxc, writeProject } from '../helpers/fixtures.js';

const STYLE = /^(Error: (?!error:)(?!Error:)\S|hint: )/i;

test('errorLine strips any prefix and adds the one style', () => {
  assert.is(errorLine("Error: Invalid verb 'x'"), "Error: Invalid verb 'x'");
  assert.is(errorLine('error: no such file'), 'Error: no such file');
  assert.is(errorLine('Error: Error: twice'), 'Error: twice');
  assert.is(errorLine('phoenix_lxc_configs.json: /x: bad'), 'Error: phoenix_lxc_configs.json: /x: bad');
});

test('every line of every kind of error, hints apart', () => {
  assert.equal(errorLines(new ConfigError(['a.json: /x: one', 'b.json: two'])), ['Error: a.json: /x: one', 'Error: b.json: two']);
  assert.equal(errorLines(new PlanError(['Error: refusing to delete 900'])), ['Error: refusing to delete 900']);
  assert.equal(errorLines(new UsageError("Error: Target ID '1' not found\nError: Target ID '2' not found")), ["Error: Target ID '1' not found", "Error: Target ID '2' not found"]);
  assert.equal(errorLines(new Error('boom')), ['Error: boom']);
});

test('problemWhere splits file and JSON pointer, and nothing that is not a file', () => {
  assert.equal(problemWhere('phoenix_lxc_configs.json: /lxc_configs/950/memory_mb: must be integer'), { file: 'phoenix_lxc_configs.json', path: '/lxc_configs/950/memory_mb' });
  assert.equal(problemWhere('phoenix_hypervisor_config.json: /: must be object'), { file: 'phoenix_hypervisor_config.json', path: '/' });
  assert.equal(problemWhere('inv.yaml: line 3, column 2: bad indentation'), { file: 'inv.yaml' });
  assert.equal(problemWhere('phoenix config: none found'), {});
});

test('through the CLI: usage, target, config and plan errors all print the same way', async () => {
  const lxc = sampleLxc() as unknown as { lxc_configs: Record<string, Record<string, unknown>> };
  const good = writeProject();
  lxc.lxc_configs['900']!['memory_mb'] = 'lots';
  const bad = writeProject({ lxc });
  try {
    const cases: [string[], string][] = [
      [['start', '950', '--chek'], good.dir], [['foobar'], good.dir], [['start'], good.dir], [['start', '4242'], good.dir],
      [['delete', '900'], good.dir], [['validate'], bad.dir], [['create', '950'], bad.dir], [['validate'], '/'],
      [['init', good.dir], '/'], [['help', 'nope'], good.dir],
    ];
    for (const [argv, cwd] of cases) {
      const r = await cli(argv, { cwd });
      assert.is(r.code, 1, argv.join(' '));
      const lines = r.stderr.trimEnd().split('\n').filter((l) => !l.startsWith('warning: '));
      assert.ok(lines.length > 0 && lines[0]!.startsWith('Error: '), `${argv.join(' ')}:\n${r.stderr}`);
      for (const l of lines) assert.match(l, STYLE, `${argv.join(' ')}: ${l}`);
    }
  } finally { good.cleanup(); bad.cleanup(); }
});

test.run();
