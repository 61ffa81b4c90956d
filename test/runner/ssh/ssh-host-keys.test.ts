// Host key verification against a real sshd: unknown refused, accept-new records, changed always refused.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Unreachable } from '../../../src/errors.js';
import { createSshConnection } from '../../../src/runner/ssh/index.js';
import { isSshdAvailable, sshdNodeSpec, startSshd, type Sshd } from '../../helpers/sshd.js';

interface Ctx { sshd?: Sshd }
const keys = suite<Ctx>('ssh host keys (real sshd)', {});

function server(ctx: Ctx): Sshd {
  if (!ctx.sshd) throw new Error('no sshd');
  return ctx.sshd;
}

/** Connect and run `true`, returning the error instead of throwing. */
async function tryConnect(s: Sshd, knownHostsFile: string, acceptNewHostKeys = false): Promise<Error | undefined> {
  try {
    const conn = await createSshConnection(sshdNodeSpec(s, { knownHostsFile }), { acceptNewHostKeys });
    assert.is((await conn.exec(['true'])).code, 0);
    await conn.close();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

/** A syntactically valid ed25519 key line for this host that is not the server's key. */
function otherKeyLine(s: Sshd): string {
  const name = Buffer.from('ssh-ed25519');
  const blob = Buffer.concat([Buffer.from([0, 0, 0, name.length]), name, Buffer.from([0, 0, 0, 32]), randomBytes(32)]);
  return `[127.0.0.1]:${s.port} ssh-ed25519 ${blob.toString('base64')}`;
}

keys.before(async (ctx) => { ctx.sshd = await startSshd({ extraHostKeyTypes: ['ecdsa', 'rsa'] }); });
keys.after(async (ctx) => { await ctx.sshd?.stop(); });

keys('the known key from the helper connects', async (ctx) => {
  assert.is(await tryConnect(server(ctx), server(ctx).knownHostsFile), undefined);
});

keys('unknown host is refused, pointing at --accept-new-host-keys, file untouched', async (ctx) => {
  const file = join(server(ctx).dir, 'kh-unknown');
  const error = await tryConnect(server(ctx), file);
  assert.instance(error, Unreachable);
  assert.match(String(error?.message), /not known/);
  assert.match(String(error?.message), /--accept-new-host-keys/);
  assert.not.ok(existsSync(file));
});

keys('acceptNewHostKeys records the key in OpenSSH format; the next connect needs no flag', async (ctx) => {
  const s = server(ctx);
  const file = join(s.dir, 'kh-accept');
  writeFileSync(file, '# existing content without a final newline');
  assert.is(await tryConnect(s, file, true), undefined);
  const lines = readFileSync(file, 'utf8').split('\n');
  assert.is(lines[0], '# existing content without a final newline');
  assert.is(lines[1], s.hostKeyLine);
  assert.is(await tryConnect(s, file), undefined);
  // OpenSSH itself accepts the line we wrote.
  execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${s.port}`, '-f', file]);
  assert.is(readFileSync(file, 'utf8').split('\n').filter(Boolean).length, 2, 'recorded once');
});

keys('a changed key is refused loudly, also with acceptNewHostKeys, and the file is not changed', async (ctx) => {
  const s = server(ctx);
  const file = join(s.dir, 'kh-changed');
  const content = `${otherKeyLine(s)}\n`;
  writeFileSync(file, content);
  for (const accept of [false, true]) {
    const error = await tryConnect(s, file, accept);
    assert.instance(error, Unreachable);
    assert.match(String(error?.message), /HOST KEY CHANGED/);
    assert.match(String(error?.message), /does not override/);
  }
  assert.is(readFileSync(file, 'utf8'), content);
});

keys('hashed entries (ssh-keygen -H) are matched', async (ctx) => {
  const s = server(ctx);
  const file = join(s.dir, 'kh-hashed');
  writeFileSync(file, `${s.hostKeyLine}\n`);
  execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
  assert.match(readFileSync(file, 'utf8'), /^\|1\|/);
  assert.is(await tryConnect(s, file), undefined);
});

keys('a host known only by its ecdsa or rsa key is verified with that key type', async (ctx) => {
  const s = server(ctx);
  for (const [type, line] of [['ecdsa', s.hostKeyLines[1]], ['rsa', s.hostKeyLines[2]]]) {
    const file = join(s.dir, `kh-${type}`);
    writeFileSync(file, `${line}\n`);
    assert.is(await tryConnect(s, file), undefined, `${type}`);
  }
});

keys('a @revoked key is refused', async (ctx) => {
  const s = server(ctx);
  const file = join(s.dir, 'kh-revoked');
  writeFileSync(file, `${s.hostKeyLines.map((l) => `@revoked ${l}`).join('\n')}\n${s.hostKeyLine}\n`);
  const error = await tryConnect(s, file, true);
  assert.instance(error, Unreachable);
  assert.match(String(error?.message), /@revoked/);
});

if (isSshdAvailable()) keys.run();
