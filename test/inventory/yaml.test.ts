// src/inventory/yaml.ts after the build (tools/bundle-yaml.ts): one self-contained module that parses as the
// `yaml` package does.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as pkg from 'yaml';
import * as bundled from '../../src/inventory/yaml.js';

const compiled = fileURLToPath(new URL('../../src/inventory/yaml.js', import.meta.url));

test('the compiled module is the bundle: it loads nothing but Node built-ins', () => {
  const text = readFileSync(compiled, 'utf8');
  const loaded = [...text.matchAll(/(?:\bfrom\s+|\brequire\(|\bimport\()\s*["']([^"']+)["']/g)].map((m) => m[1]!);
  assert.ok(loaded.length > 0, 'it requires the built-ins the package uses');
  assert.equal(loaded.filter((s) => !/^(node:)?(module|process|buffer)$/.test(s)), []);
  assert.match(text, /^export \{/m);
});

test('parse and parseDocument agree with the package, errors and warnings included', () => {
  const docs = ['a: 1\nb: [x, "y"]\n', 'a: 1\na: 2\n', 'k: [unclosed\n', 'v: !nosuchtag x\n', ''];
  for (const d of docs) {
    const mine = bundled.parseDocument(d);
    const theirs = pkg.parseDocument(d);
    assert.equal(mine.toJS(), theirs.toJS(), d);
    assert.equal(mine.errors.map((e) => [e.code, e.linePos]), theirs.errors.map((e) => [e.code, e.linePos]), d);
    assert.equal(mine.warnings.map((e) => e.code), theirs.warnings.map((e) => e.code), d);
  }
  assert.equal(bundled.parse('x: [1, 2]'), { x: [1, 2] });
});

test.run();
