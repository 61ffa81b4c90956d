// The original project's real configuration (read in place from ../shared), with our phoenix config and stub
// scripts, converges on the simulator: setup, then LetsGo; the re-run changes nothing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli } from '../helpers/cli.js';
import { skipWithoutRealFixture } from '../helpers/fixtures.js';
import { realEstate, prepareRealNode } from '../helpers/real-estate.js';
import { readAudit, simBinDir } from '../helpers/sim.js';

const real = realEstate();
if (!real) skipWithoutRealFixture();
test.after(() => { real?.cleanup(); delete process.env.PHOENIX_SAMBA_PASSWORD; });

test('setup then LetsGo converge the real configuration; the second LetsGo sends no mutating call', async () => {
  if (!real) return;
  // the samba user is new: setup adds it with the password its default reference names (never in argv)
  const env = prepareRealNode(real);
  const setup = await cli(['setup', '-c', real.configFile]);
  assert.is(setup.code, 0, setup.stdout);
  assert.match(spawnSync('pdbedit', ['-L'], { env, encoding: 'utf8' }).stdout, /^heads:\d+:$/m, 'the samba user was added on the node');
  // the OS template the containers are built from, where the config says it is (an operator's `pveam download`)
  const cache = join(real.stateDir, 'host/fastData/shared-iso/template/cache');
  mkdirSync(cache, { recursive: true });
  writeFileSync(join(cache, 'ubuntu-24.04-standard_24.04-2_amd64.tar.zst'), 'template\n');
  const first = await cli(['LetsGo', '-c', real.configFile]);
  assert.is(first.code, 0, first.stdout.split('\n').filter((l) => /FAILED|✖/.test(l)).join('\n'));
  const before = readAudit(real.stateDir).length;
  const second = await cli(['LetsGo', '-c', real.configFile]);
  assert.is(second.code, 0, second.stdout);
  assert.equal(readAudit(real.stateDir).slice(before).filter((c) => c.mutating).map((c) => c.argv.join(' ')), []);
  assert.match(second.stdout, /Nothing changed/);
  const again = await cli(['setup', '-c', real.configFile]);
  assert.is(again.code, 0, again.stdout);
  assert.match(again.stdout, /Nothing changed/);
});

test.run();
