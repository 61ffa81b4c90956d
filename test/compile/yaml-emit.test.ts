import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { toYaml, yamlString } from '../../src/compile/yaml-emit.js';

const HOSTILE = ['', ' ', 'a b', 'a: b', 'a:b', 'a #b', '#x', '- x', '-', '?', '? x', ':x', 'x:', '!tag', '&a', '*a', '%x',
  '@x', '`x', '|', '>', '"', "'", '\\', 'true', 'True', 'NULL', 'null', '~', 'yes', 'No', 'on', 'y', '1', '0x1F', '1e3',
  '.inf', '.NaN', '-.5', '+1', '0o7', '12:30', '52:54:00:AA:BB:CC', 'local:vztmpl/debian.tar.zst', 'a\nb', 'a\tb',
  'tail ', ' lead', '\u0000', '\u007f', '\u0085', '\u009f', '\u2028', '\ufeff', '\ufffe', '\ud800', 'é✓🙂', '{a}', '[a]',
  'a,b', 'a=b', 'order=0,up=0', '<<', '---', '...', '=', 'x\r\ny', 'a  b', '../x.yaml', './x', '.x', '..', '.5', '.inf', '.Inf', '.NAN', '.', '.e5', '-.inf'];

test('every hostile string reads back as itself, as a value and as a key', () => {
  for (const s of HOSTILE) {
    const doc = { [s]: s, list: [s, { [s]: [s] }] };
    assert.equal(parse(toYaml(doc)), doc, JSON.stringify(s));
  }
});

test('plain only where it cannot read back as something else', () => {
  assert.is(yamlString('lxc.create'), 'lxc.create');
  assert.is(yamlString('local:vztmpl/x.tar.zst'), 'local:vztmpl/x.tar.zst');
  assert.is(yamlString('900'), '"900"');
  assert.is(yamlString('true'), '"true"');
  assert.is(yamlString('a: b'), '"a: b"');
  assert.is(yamlString('../phoenix.config.yaml'), '../phoenix.config.yaml');
  assert.is(yamlString('.inf'), '".inf"');
});

test('random JSON documents round-trip (seeded)', () => {
  let seed = 42;
  const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
  const chars = 'ab:- #"\'\\\n{}[],&*!|>%@`09.\u0085\u00e9\u007f';
  const str = (): string => Array.from({ length: rnd(6) }, () => chars[rnd(chars.length)]).join('');
  const val = (d: number): unknown => {
    const k = rnd(d > 3 ? 4 : 7);
    if (k === 0) return str();
    if (k === 1) return rnd(1000) - 500;
    if (k === 2) return rnd(2) === 0;
    if (k === 3) return null;
    if (k === 4) return Array.from({ length: rnd(4) }, () => val(d + 1));
    return Object.fromEntries(Array.from({ length: rnd(4) }, () => [str(), val(d + 1)]));
  };
  for (let i = 0; i < 500; i++) {
    const v = { v: val(0) };
    assert.equal(parse(toYaml(v)), v, JSON.stringify(v));
  }
});

test('layout: nested maps indent by two, list items carry their first key on the dash line', () => {
  assert.is(toYaml({ steps: [{ task: 'lxc.create', params: { vmid: '900' } }], after: [] }),
    'steps:\n  - task: lxc.create\n    params:\n      vmid: "900"\nafter: []\n');
});

test.run();
