// The README lists every configuration field that drives no task, with the reason (generated from
// src/inventory/ignored-fields.ts by `node dist/src/inventory/ignored-fields-doc.js`), and its two commands are the set-up.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ignoredFieldsMarkdown } from '../src/inventory/ignored-fields-doc.js';
import { repoRoot } from './helpers/fixtures.js';

const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');

test('the README ignored-fields section is the generated one (every ignored field, with its reason)', () => {
  const section = /<!-- ignored-fields:start -->\n([\s\S]*?)<!-- ignored-fields:end -->/.exec(readme)?.[1];
  assert.ok(section, 'markers present');
  assert.is(section, ignoredFieldsMarkdown());
});

test('the README gives a new user exactly two commands: sandbox LetsGo, and npm test', () => {
  const block = /## Two commands\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const lines = block.trim().split('\n').map((l) => l.replace(/\s+#.*$/, '').trim());
  assert.equal(lines, ['npm ci && npm run sandbox', 'npm test']);
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.match(pkg.scripts.sandbox ?? '', /run LetsGo -c examples\/sandbox\/phoenix\.config\.yaml/);
  assert.match(readFileSync(join(repoRoot(), '.ci/run'), 'utf8'), /^npm test$/m);
});

test.run();
