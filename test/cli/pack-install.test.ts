// Installable as a CLI: `npm pack` makes a tarball (prebuilt dist, the schemas, the simulator bundled) that
// `npm install -g --prefix <tmp>` installs; then the installed `phoenix --help`, `phoenix init` and
// `phoenix run LetsGo` work from a directory that has nothing to do with this repository. Needs the npm registry
// for the runtime dependencies (the npm cache is used when it has them). Takes a minute or so.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../helpers/fixtures.js';

const root = repoRoot();
const tmp = mkdtempSync(join(tmpdir(), 'phoenix-pack-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

/** Only the installation's bin, node's directory and the system's on PATH: nothing of this repository. */
const cleanPath = [join(tmp, 'prefix', 'bin'), dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter);

function sh(cmd: string, args: string[], cwd: string, timeoutMs = 300_000): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: { PATH: cleanPath, HOME: process.env['HOME'] ?? tmp, CI: 'true' } });
  assert.is(r.status, 0, `${cmd} ${args.join(' ')} (in ${cwd}): ${r.error?.message ?? ''}\n${r.stdout}\n${r.stderr}`);
  return r;
}

test('npm pack, npm install -g, then phoenix --help, init and run LetsGo', () => {
  for (const built of ['dist/bundle/cli/main.js', 'node_modules/@phoenix/pve-sim/dist/src/main.js']) assert.ok(existsSync(join(root, built)), `${built} is built (npm run build)`);
  // prepare (the build) is skipped: this test runs from the dist the suite just built
  sh('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp], root);
  const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote a tarball');
  sh('npm', ['install', '-g', '--prefix', join(tmp, 'prefix'), '--no-audit', '--no-fund', '--prefer-offline', join(tmp, tarball)], tmp);

  const pkg = join(tmp, 'prefix', 'lib', 'node_modules', 'phoenix-pve');
  for (const f of ['dist/bundle/cli/main.js', 'dist/generated/config-validators.cjs', 'config/schemas/lxc-configs.schema.json', 'node_modules/@phoenix/pve-sim/bin/pct', 'node_modules/@phoenix/pve-sim/dist/src/main.js']) {
    assert.ok(existsSync(join(pkg, f)), `installed: ${f}`);
  }
  for (const f of ['dist/test', 'dist/src', 'src', 'test', 'tsconfig.json']) assert.not.ok(existsSync(join(pkg, f)), `not shipped: ${f}`);

  const help = sh('phoenix', ['--help'], tmp);
  assert.match(help.stdout, /^Phoenix - /);
  sh('phoenix', ['init', 'demo'], tmp);
  const demo = join(tmp, 'demo');
  sh('phoenix', ['validate'], demo);
  const run = sh('phoenix', ['run', 'LetsGo'], demo);
  assert.match(run.stdout, /Summary: \d+ changed, \d+ ok, 0 failed/);
  sh('phoenix', ['run', 'LetsGo', '--check'], demo); // exit 0: nothing pending
});

test.run();
