// Hostile corpus, escaped secrets: a command that echoes its stdin re-encodes it, and each spelling must be masked
// as the value itself is. The spellings are made by the real tools (bash's printf %q, a POSIX shell quoting,
// JSON.stringify, encodeURIComponent, base64 at each of the three byte offsets), not by Phoenix's own code.
import { execFileSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mask, registerSecret } from '../../src/runner/secrets.js';

const HASH = '$6$s4lt$SECRETsecretSECRET';
const QUOTY = "it's a \"pass\" \\ word & more";
registerSecret(HASH);
registerSecret(QUOTY);

const bashQ = (v: string): string => execFileSync('bash', ['-c', 'printf %q "$1"', 'q', v], { encoding: 'utf8' });
/** POSIX single quotes as a shell script writes them: ' -> '\'' */
const posixQ = (v: string): string => `'${v.replace(/'/g, "'\\''")}'`;
/** The characters of a base64 text that only the secret's bytes decide (the one or two at each end share bits). */
function secretPart(prefix: string, value: string): string {
  const enc = Buffer.from(prefix + value + 'tail').toString('base64');
  const k = Buffer.byteLength(prefix);
  return enc.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + Buffer.byteLength(value))) / 6));
}

for (const [name, v] of [['a crypt hash', HASH], ['quotes, backslash and spaces', QUOTY]] as const) {
  test(`${name}: printf %q (bash), POSIX single quotes, JSON and URL encoding are all masked`, () => {
    const forms = { '%q': bashQ(v), posix: posixQ(v), json: JSON.stringify(v), url: encodeURIComponent(v), form: new URLSearchParams({ p: v }).toString() };
    assert.ok(forms['%q'] !== v, `bash escapes this value (${forms['%q']})`);
    for (const [how, text] of Object.entries(forms)) {
      const shown = mask(`before ${text} after`);
      assert.not.ok(shown.includes(text), `${how}: ${text} is still in ${shown}`);
      assert.ok(shown.startsWith('before ') && shown.endsWith(' after'), `${how}: only the secret is masked: ${shown}`);
      assert.match(shown, /\*{8}/);
    }
  });

  test(`${name}: base64 of a stream holding it, at each of the three offsets, std and url-safe alphabets`, () => {
    for (const prefix of ['', 'x', 'xy', 'xyz']) {
      const enc = Buffer.from(prefix + v + 'tail').toString('base64');
      const part = secretPart(prefix, v);
      assert.ok(part.length >= 8, 'the part only the secret decides is long enough to find');
      const shown = mask(enc);
      assert.not.ok(shown.includes(part), `offset ${prefix.length}: ${part} still in ${shown}`);
      const url = enc.replace(/\+/g, '-').replace(/\//g, '_');
      assert.not.ok(mask(url).includes(part.replace(/\+/g, '-').replace(/\//g, '_')), `url-safe, offset ${prefix.length}`);
    }
  });
}

test('a value seen raw, quoted by Phoenix itself (\'"\'"\') and JSON-escaped inside an event line is masked', () => {
  const phoenixQuoted = `'${QUOTY.replace(/'/g, `'"'"'`)}'`;
  assert.not.ok(mask(phoenixQuoted).includes('pass'), mask(phoenixQuoted));
  const event = JSON.stringify({ event: 'command', stderr: `chpasswd: bad line ${HASH}\n` });
  assert.not.ok(mask(event).includes('SECRETsecret'), mask(event));
});

test('text that only resembles a secret is left alone', () => {
  const text = '$6$s4lt$ and SECRET and c2VjcmV0 and it\'s a word';
  assert.is(mask(text), text);
});

test.run();
