// parseJsonText: a duplicate key anywhere is found, whatever the strings around it hold (quotes, escapes, colons),
// and a document without one parses as JSON.parse reads it. The quick key count decides most documents; these
// cases are where a count that misread strings as keys (or missed a key) would answer wrongly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseJsonText } from '../../src/inventory/parse-text.js';

const dup = (text: string): string[] => {
  const r = parseJsonText('f.json', text);
  return r.ok ? [] : r.problems;
};

test('strings that look like keys are not keys', () => {
  for (const text of [
    '{"a": "\\"b\\": 1", "b": 2}',
    '{"a": "x\\\\", "b": ":"}',
    '{"a": ["\\":", "\\\\\\":"], "c": {"d": "e:"}}',
    '{"k\\"": 1, "k": 2}',
    '{"\\u0061": 1, "b": "\\u0022:"}',
  ]) {
    assert.equal(dup(text), [], text);
    assert.equal((parseJsonText('f.json', text) as { value: unknown }).value, JSON.parse(text));
  }
});

test('a duplicate is found at any depth, also behind escaped quotes', () => {
  assert.equal(dup('{"a": {"x": "\\":", "x": 2}}'), ['f.json: /a/x: duplicate key (JSON keeps only the last one)']);
  assert.equal(dup('{"l": [{"k": 1}, {"q": "\\\\", "q": 3}]}'), ['f.json: /l/1/q: duplicate key (JSON keeps only the last one)']);
  // the same key spelt two ways is one key to JSON.parse
  assert.equal(dup('{"a": 1, "\\u0061": 2}'), ['f.json: /a: duplicate key (JSON keeps only the last one)']);
});

test('random documents: a duplicate is reported exactly when JSON.parse dropped one (seeded)', () => {
  let seed = 7;
  const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
  const parts = ['a', 'b', '\\"', '\\\\', ':', ' ', '"', ','];
  const key = (): string => Array.from({ length: 1 + rnd(2) }, () => parts[rnd(3)]).join('');
  const str = (): string => JSON.stringify(Array.from({ length: rnd(4) }, () => parts[rnd(parts.length)]).join(''));
  const val = (d: number): [string, boolean] => {
    const k = rnd(d > 2 ? 2 : 4);
    if (k === 0) return [str(), false];
    if (k === 1) return [String(rnd(9)), false];
    if (k === 2) { const xs = Array.from({ length: rnd(3) }, () => val(d + 1)); return [`[${xs.map((x) => x[0]).join(',')}]`, xs.some((x) => x[1])]; }
    const entries = Array.from({ length: rnd(4) }, () => [`"${key()}"`, val(d + 1)] as const);
    const names = entries.map(([k]) => JSON.parse(k) as string);
    const twice = new Set(names).size < names.length;
    return [`{${entries.map(([k, v]) => `${k} : ${v[0]}`).join(',')}}`, twice || entries.some(([, v]) => v[1])];
  };
  for (let i = 0; i < 2000; i++) {
    const [text, hasDup] = val(0);
    assert.is(dup(text).length > 0, hasDup, text);
  }
});

test.run();
