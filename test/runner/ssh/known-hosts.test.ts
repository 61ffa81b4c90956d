// known_hosts parsing and matching, with keys and hashed lines made by real ssh-keygen.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  fingerprint, formatKnownHostLine, hostFieldMatches, keyTypeOf, knownHostName, parseKnownHosts, preferredHostKeyAlgorithms,
} from '../../../src/runner/ssh/known-hosts.js';
import { judgeHostKey } from '../../../src/runner/ssh/host-key-check.js';

const ED = 'AAAAC3NzaC1lZDI1NTE5AAAAIHF8nYrrFbjSCbRIGPJCmFJ1DvTBe+KUXh8cOb8j9FJc';
const ECDSA = 'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBJR1hk1kcXUbRvu2mJVKZCkTmW9YU9sMaQZjQMgtvs08YA+2k0Rg2i59lmINRZqH8I+0/2rtM4AJGqkh6f9XRY4=';
const RSA = 'AAAAB3NzaC1yc2EAAAADAQABAAAAgQC/qAJ9vmj+YLDJMXDC5rzvDKOV26OBZROEfa/S7AO8K4y9+tZYWPMEctd/p7eGFX4mbApprqvHjS/zBTOVVOPKZVfaf5C1rGpW8Y/GebNm0C9eRvaVNmvxzMinmZhtJOMyMEPCjDvYFtPLbUak36Mvd2eqICGlItwQBNSvwP936Q==';
const blob = (b64: string): Buffer => Buffer.from(b64, 'base64');
// `ssh-keygen -H` of "pve1 <ED>" and "[10.0.0.5]:2222 <ECDSA>".
const HASHED_PVE1 = '|1|tV0cREWbqy0xn5whCF0PJdhkQvo=|K/AOrtT2k7PQejWwO3fOjeeh7FM=';
const HASHED_PORT = '|1|uc/wVP9BLM5TxnbbmxZcIlVp+WM=|EWDLEQurUwAjzGib0pe8bCYOUzE=';

test('knownHostName uses [host]:port except on port 22', () => {
  assert.is(knownHostName('pve1', 22), 'pve1');
  assert.is(knownHostName('127.0.0.1', 2222), '[127.0.0.1]:2222');
});

test('key type and fingerprint come from the blob (as ssh-keygen -l prints them)', () => {
  assert.is(keyTypeOf(blob(ED)), 'ssh-ed25519');
  assert.is(keyTypeOf(blob(ECDSA)), 'ecdsa-sha2-nistp256');
  assert.is(keyTypeOf(blob(RSA)), 'ssh-rsa');
  assert.is(keyTypeOf(Buffer.from([0, 0])), 'unknown');
  assert.is(fingerprint(blob(ED)), 'SHA256:HMhK9D3Jkm6xtaugmu2x4wbS9kMjP4Z3nSI8ekJ9IkE');
  assert.is(fingerprint(blob(RSA)), 'SHA256:x4oW1uwKC70NSn/pI7oc2yFOZVbLybzk5A22x6uyL5U');
});

test('parse skips comments, blanks, unknown markers and broken lines; keeps line numbers', () => {
  const text = [
    '# comment', '', `pve1,10.0.0.1 ssh-ed25519 ${ED} root@pve1`, `@revoked * ssh-rsa ${RSA}`,
    `@cert-authority *.lan ssh-ed25519 ${ED}`, `@bogus pve2 ssh-ed25519 ${ED}`, 'pve3 ssh-ed25519', 'pve4 ssh-rsa !!notbase64!!',
    `   [pve5]:2222 ecdsa-sha2-nistp256 ${ECDSA}   `,
  ].join('\n');
  const entries = parseKnownHosts(text);
  assert.equal(entries.map((e) => [e.line, e.marker ?? '', e.hosts, e.keyType]), [
    [3, '', 'pve1,10.0.0.1', 'ssh-ed25519'], [4, 'revoked', '*', 'ssh-rsa'],
    [5, 'cert-authority', '*.lan', 'ssh-ed25519'], [9, '', '[pve5]:2222', 'ecdsa-sha2-nistp256'],
  ]);
  assert.ok(entries[0]?.key.equals(blob(ED)));
});

test('host patterns: lists, [host]:port, wildcards, negation, case', () => {
  assert.ok(hostFieldMatches('pve1,10.0.0.1', '10.0.0.1'));
  assert.ok(hostFieldMatches('PVE1', 'pve1'));
  assert.not.ok(hostFieldMatches('pve1', 'pve10'));
  assert.ok(hostFieldMatches('[pve1]:2222', '[pve1]:2222'));
  assert.not.ok(hostFieldMatches('pve1', '[pve1]:2222'));
  assert.ok(hostFieldMatches('*.lan', 'pve1.lan'));
  assert.ok(hostFieldMatches('pve?', 'pve7'));
  assert.not.ok(hostFieldMatches('pve?', 'pve77'));
  assert.not.ok(hostFieldMatches('*.lan,!bad.lan', 'bad.lan'));
  assert.ok(hostFieldMatches('*.lan,!bad.lan', 'good.lan'));
  assert.not.ok(hostFieldMatches('pve.1', 'pvex1'), 'dot is literal');
});

test('hashed |1| entries written by ssh-keygen -H match their host only', () => {
  assert.ok(hostFieldMatches(HASHED_PVE1, 'pve1'));
  assert.not.ok(hostFieldMatches(HASHED_PVE1, 'pve2'));
  assert.ok(hostFieldMatches(HASHED_PORT, '[10.0.0.5]:2222'));
  assert.not.ok(hostFieldMatches(HASHED_PORT, '10.0.0.5'));
  assert.not.ok(hostFieldMatches('|1|broken', 'pve1'));
});

test('judge: known, unknown, changed (same type preferred in the report), revoked', () => {
  const entries = parseKnownHosts([
    `pve1 ssh-rsa ${RSA}`, `${HASHED_PVE1} ssh-ed25519 ${ED}`, `pve2 ssh-ed25519 ${ED}`, `@revoked pve3 ssh-ed25519 ${ED}`,
    `pve3 ssh-ed25519 ${ED}`,
  ].join('\n'));
  assert.equal(judgeHostKey(entries, 'pve1', blob(ED)), { kind: 'known' });
  assert.equal(judgeHostKey(entries, 'pve1', blob(RSA)), { kind: 'known' });
  assert.is(judgeHostKey(entries, 'pve9', blob(ED)).kind, 'unknown');
  const changed = judgeHostKey(entries, 'pve2', blob(ECDSA));
  assert.is(changed.kind, 'changed');
  const changedEd = judgeHostKey(parseKnownHosts(`pve2 ssh-rsa ${RSA}\npve2 ecdsa-sha2-nistp256 ${ECDSA}`), 'pve2',
    Buffer.concat([blob(ECDSA).subarray(0, -1), Buffer.from([1])]));
  assert.equal(changedEd.kind === 'changed' ? changedEd.entry.line : 0, 2);
  assert.is(judgeHostKey(entries, 'pve3', blob(ED)).kind, 'revoked');
});

test('formatKnownHostLine writes what ssh reads back', () => {
  const line = formatKnownHostLine('[127.0.0.1]:2222', blob(ECDSA));
  assert.is(line, `[127.0.0.1]:2222 ecdsa-sha2-nistp256 ${ECDSA}`);
  assert.equal(judgeHostKey(parseKnownHosts(line), '[127.0.0.1]:2222', blob(ECDSA)), { kind: 'known' });
});

test('host key algorithms: known types first, rsa as its sha2 variants, nothing lost', () => {
  const none = preferredHostKeyAlgorithms([]);
  assert.is(none[0], 'ssh-ed25519');
  const rsa = preferredHostKeyAlgorithms(['ssh-rsa']);
  assert.equal(rsa.slice(0, 3), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
  assert.equal([...rsa].sort(), [...none].sort());
  assert.is(preferredHostKeyAlgorithms(['ecdsa-sha2-nistp384'])[0], 'ecdsa-sha2-nistp384');
});

test.run();
