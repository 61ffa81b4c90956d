// Hostile corpus, escaped secrets (issue 10 row "escaped secrets leak", point 7): a command that echoes its stdin
// re-encoded (bash `printf %q`, base64) must not leak the secret it was given, on the terminal, in --json events or
// in the journal; a secret too short to be masked safely is refused, at validation when it can be read then, and at
// run time before the command that carries it otherwise.
import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registerAll, resolveSecret } from '../../src/runner/secrets.js';
import { makeEstate } from '../helpers/estate.js';
import { simBinDir, simNodeConfig } from '../helpers/sim.js';
import { VM_DEFAULTS } from './argv-helpers.js';
import { runFresh } from './hostile-helpers.js';
import { problemLines } from '../helpers/cli.js';

const SECRET = '$6$s4lt$SECRETsecretSECRET';
const ESCAPED = '\\$6\\$s4lt\\$SECRETsecretSECRET';
const H = 'phoenix_hypervisor_config.json';

// chpasswd that echoes what it was given, as bash's printf %q and as base64, then fails (so its output is quoted)
const ECHO_CHPASSWD = `#!/bin/bash
in=$(cat)
printf 'got %q\\n' "$in"
printf 'got %q\\n' "$in" >&2
printf '%s' "$in" | base64 -w0 >&2
echo >&2
exit 1
`;

const hypervisor = (ref: string): Record<string, unknown> => ({ users: { username: 'phoenix_admin', password_hash: { $secret: ref }, sudo_access: false } });
const empty = { lxc: { lxc_configs: {} }, vm: { vm_defaults: VM_DEFAULTS, vms: [] }, scripts: null };

test('setup: a chpasswd that echoes its stdin as %q and base64 shows no form of the secret, in output, --json or the journal', async () => {
  const e = makeEstate({
    ...empty,
    hypervisor: hypervisor('env:PHX_H4_ESCAPED'),
    inventory: { defaultNode: 'pve', nodes: { pve: { ...simNodeConfig('./.phoenix/sim/pve', { node: 'pve' }), path: ['./fakebin', simBinDir] } } },
    rawFiles: { 'fakebin/chpasswd': ECHO_CHPASSWD, 'fakebin/useradd': '#!/bin/sh\nexit 0\n', 'fakebin/usermod': '#!/bin/sh\nexit 0\n' },
  });
  process.env.PHX_H4_ESCAPED = SECRET;
  try {
    for (const f of ['chpasswd', 'useradd', 'usermod']) chmodSync(join(e.dir, 'fakebin', f), 0o755);
    const r = await e.run('setup', '--json', '-v');
    assert.is(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr + r.stdout, /got phoenix_admin:\*{8}/, 'the echo reached the output, masked');
    const b64 = Buffer.from(`phoenix_admin:${SECRET}`).toString('base64');
    // the characters only the secret decides: the prefix is 14 bytes (offset 2 of 3)
    const secretPart = b64.slice(Math.ceil((8 * 14) / 6), Math.floor((8 * (14 + SECRET.length)) / 6));
    const runs = join(e.dir, '.phoenix', 'runs');
    const texts = { output: r.stdout + r.stderr, ...Object.fromEntries(readdirSync(runs).map((f) => [f, readFileSync(join(runs, f), 'utf8')])) };
    for (const [where, text] of Object.entries(texts)) {
      for (const [form, v] of [['raw', SECRET], ['%q', ESCAPED], ['JSON of %q', JSON.stringify(ESCAPED).slice(1, -1)], ['base64', secretPart]] as const) {
        assert.not.ok(text.includes(v), `${where}: the ${form} form ${v} leaked`);
      }
    }
  } finally {
    delete process.env.PHX_H4_ESCAPED;
    e.cleanup();
  }
});

test('a 3-character secret is refused by validate with file and JSON path, never its value, and a run sends nothing', async () => {
  process.env.PHX_H4_SHORT = 'a1!';
  try {
    for (const argv of [['validate'], ['setup']]) {
      const { r, audit } = await runFresh({ ...empty, hypervisor: hypervisor('env:PHX_H4_SHORT') }, argv);
      assert.is(r.code, 1, r.stdout + r.stderr);
      assert.ok(problemLines(r.stderr).includes(`${H}: /users/password_hash: the value of secret env:PHX_H4_SHORT is shorter than 8 characters, too short to be masked safely in output: use a longer one`), r.stderr);
      assert.not.ok((r.stdout + r.stderr).includes('a1!'));
      assert.equal(audit, []);
    }
  } finally { delete process.env.PHX_H4_SHORT; }
});

test('a short plaintext secret is refused too; one of 8 characters is accepted (and only warned about)', async () => {
  const short = await runFresh({ ...empty, hypervisor: { portainer_api: { admin_password: 'admin' } } }, ['validate']);
  assert.is(short.r.code, 1);
  assert.ok(problemLines(short.r.stderr).includes(`${H}: /portainer_api/admin_password: this plaintext secret is shorter than 8 characters, too short to be masked safely in output: use a longer one`), short.r.stderr);
  const ok = await runFresh({ ...empty, hypervisor: { portainer_api: { admin_password: 'CHANGE_M' } } }, ['validate']);
  assert.is(ok.r.code, 0, ok.r.stderr);
  assert.match(ok.r.stderr, /admin_password: plaintext secret in the configuration \(value not shown\)/);
});

test('run time: a secret that only resolves then is refused before use when it is too short (the command never gets it)', () => {
  assert.throws(() => resolveSecret({ $secret: 'env:SHORT' }, '/', { SHORT: 'abc' }), /secret env:SHORT is shorter than 8 characters/);
  assert.equal(registerAll({ users: { password_hash: { $secret: 'env:SHORT' } } }, '/', { SHORT: 'abc' }), ['secret env:SHORT is shorter than 8 characters, too short to be masked safely in output: use a longer one']);
  assert.is(resolveSecret({ $secret: 'env:LONG' }, '/', { LONG: 'long enough' }), 'long enough');
});

test.run();
