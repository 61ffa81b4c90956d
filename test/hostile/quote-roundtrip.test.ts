// Hostile corpus, the one place argv becomes a string (SSH, sh -c): quoteArgv's output, parsed by a real POSIX shell
// (dash, Proxmox's /bin/sh) and by bash (root's login shell on Proxmox, which runs SSH commands), gives back exactly
// the original argv: same number of elements, same bytes, nothing executed.
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { quoteArgv } from '../../src/runner/quote.js';
import { assertNoMarker, hostileValues, marker } from './hostile-helpers.js';

const m = marker('quote');
const EXTRA = [
  '', ' ', "'", "''", '"', '\\', '\\\'', '*', '~', '~root', '!', '!!', '#', '-rf', '--', '%s', '$IFS', '${IFS}', '$0', '\t', 'a\tb',
  '\u00e9t\u00e9 \u{1F525}', '\u0001\u001b[31m', `a'b'c'`, `'"'"'`, `$(touch ${m})`, `\`touch ${m}\``, `a;touch ${m}`, `x\n$(touch ${m})\n`,
  'a b  c', '&&', '||', '>', '<', '2>&1', '{a,b}', '[a]', '?', '=', 'A=1', 'name=eth0,bridge=vmbr0',
];
const VALUES = [...hostileValues('v').map((h) => h.value), ...EXTRA];
/** /bin/sh (dash on Debian and Proxmox) and bash, each once. */
const SHELLS = [...new Map(['/bin/sh', '/bin/dash', '/usr/bin/dash', '/bin/bash', '/usr/bin/bash'].filter((s) => existsSync(s)).map((s) => [realpathSync(s), s])).values()];

/** The words a shell makes of `command`: printf prints each argument NUL-terminated. */
function parse(shell: string, argvString: string): string[] {
  const out = execFileSync(shell, ['-c', `printf '%s\\0' ${argvString}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

test('there is a shell to test with', () => {
  assert.ok(SHELLS.length > 0);
});

for (const shell of SHELLS) {
  test(`${shell}: every hostile value survives quoteArgv as exactly one word, byte for byte`, () => {
    for (const v of VALUES) assert.equal(parse(shell, quoteArgv([v])), [v], JSON.stringify(v));
  });

  test(`${shell}: all values at once keep their count and order (no merging or splitting)`, () => {
    assert.equal(parse(shell, quoteArgv(VALUES)), VALUES);
    assertNoMarker(m, shell);
  });
}

test('pct exec argv with hostile words round-trips as a whole command line', () => {
  const argv = ['pct', 'exec', '950', '--', '/bin/sh', '-c', 'set -e; printf "%s" "$1"', 'phoenix', `$(touch ${m}); '\``];
  for (const shell of SHELLS) assert.equal(parse(shell, quoteArgv(argv)), argv, shell);
  assertNoMarker(m, 'pct exec');
});

test.run();
