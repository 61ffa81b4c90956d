// `connection: local` with the node's `path` and `env`: the directories come first on PATH, the environment is
// added, commands run in the config file's directory; a simulated node is nothing more than that.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connect } from '../../src/runner/connect.js';
import { node } from '../helpers/model.js';
import { readAudit, simNodeSpec } from '../helpers/sim.js';

const dir = mkdtempSync(join(tmpdir(), 'phoenix-local-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('path first on PATH (before the env PATH), env added, cwd = baseDir; argv stays data', async () => {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'pct'), '#!/bin/sh\nprintf "%s|%s|%s|%s\\n" "fake-pct" "$PHX_X" "$(pwd)" "$1"\n', { mode: 0o755 });
  const conn = await connect(node('n', { path: [bin], env: { PHX_X: 'a b', PATH: '/usr/bin:/bin' } }), { baseDir: dir });
  const r = await conn.exec(['pct', '$(touch x); list']);
  assert.equal([r.code, r.stdout], [0, `fake-pct|a b|${dir}|$(touch x); list\n`]);
  const which = await conn.exec(['sh', '-c', 'echo "$PATH"']);
  assert.is(which.stdout, `${bin}:/usr/bin:/bin\n`);
  await conn.close();
});

test('no path, env or baseDir: this process\'s PATH, environment and directory', async () => {
  const conn = await connect(node('n'));
  const r = await conn.exec(['sh', '-c', 'printf "%s|%s" "$PATH" "$(pwd)"']);
  assert.is(r.stdout, `${process.env.PATH}|${process.cwd()}`);
});

test('a simulated node: the simulator answers as the node its env names, and audits the call', async () => {
  const state = join(dir, 'sim');
  const conn = await connect(simNodeSpec('lab', state));
  const r = await conn.exec(['pvesh', 'get', '/nodes', '--output-format', 'json']);
  assert.is(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { node: string }[]).map((n) => n.node), ['lab']);
  assert.equal(readAudit(state).map((a) => a.argv[0]), ['pvesh']);
});

test.run();
