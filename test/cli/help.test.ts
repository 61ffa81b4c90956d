// --help is generated from the verb table: every verb with its summary and its target rule.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VERBS, verbSpec } from '../../src/compile/targets.js';
import { HELP } from '../../src/cli/help.js';

const verbLine = (v: string): string | undefined => HELP.split('\n').find((l) => l.trimStart().startsWith(`${v} `) || l.trim() === v);

test('every verb is listed with its summary', () => {
  for (const v of VERBS) {
    const line = verbLine(v);
    assert.ok(line, `${v} listed`);
    assert.ok(line!.endsWith(verbSpec(v).summary), `${v}: ${line}`);
  }
});

test('the target rules come from the table: test takes nodes, setup and LetsGo take no targets', () => {
  assert.match(verbLine('test') ?? '', /^ {2}test <id\|node>\.\.\. \| --all /);
  assert.match(verbLine('start') ?? '', /^ {2}start <id>\.\.\. \| --all /);
  assert.match(verbLine('setup') ?? '', /^ {2}setup {2,}hypervisor/);
  assert.match(verbLine('LetsGo') ?? '', /^ {2}LetsGo {2,}every guest/);
  assert.match(HELP, /Every verb except setup and LetsGo needs target ids \(or --all\)/);
});

test.run();
