// The real configuration converges on the simulator with original-style host-side scripts for its CT features
// (scripts/features/<name>.host.sh stand-ins that record their argv inside the guest through `pct exec "$1"`): each
// receives exactly [CTID], plus bootstrap_ca_url where the CT configures one (CT 102); the re-run changes nothing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli } from '../helpers/cli.js';
import { skipWithoutRealFixture } from '../helpers/fixtures.js';
import { realEstate, prepareRealNode } from '../helpers/real-estate.js';
import { readAudit, simBinDir } from '../helpers/sim.js';

const real = realEstate({ hostFeatures: true });
if (!real) skipWithoutRealFixture();
test.after(() => { real?.cleanup(); delete process.env.PHOENIX_SAMBA_PASSWORD; });

type Ct = { features?: string[]; clone_from_ctid?: string; bootstrap_ca_url?: string };

test('LetsGo with host-side feature scripts: each runs on the node with argv [CTID] (+ bootstrap_ca_url), once', async () => {
  if (!real) return;
  const env = prepareRealNode(real);
  const setup = await cli(['setup', '-c', real.configFile]);
  assert.is(setup.code, 0, setup.stdout);
  const cache = join(real.stateDir, 'host/fastData/shared-iso/template/cache');
  mkdirSync(cache, { recursive: true });
  writeFileSync(join(cache, 'ubuntu-24.04-standard_24.04-2_amd64.tar.zst'), 'template\n');
  const validate = await cli(['validate', '-c', real.configFile]);
  assert.match(validate.stdout, /CT 103 feature step_ca: features\/step_ca\.host\.sh: host-side \(argv CTID \[bootstrap_ca_url\]\)/);
  assert.match(validate.stdout, /VM 1001 feature docker: features\/docker\.sh: in-guest/);
  const first = await cli(['LetsGo', '-c', real.configFile]);
  assert.is(first.code, 0, first.stdout.split('\n').filter((l) => /FAILED|✖/.test(l)).join('\n'));

  const cts = (JSON.parse(readFileSync(join(real.fixture, 'phoenix_lxc_configs.json'), 'utf8')) as { lxc_configs: Record<string, Ct> }).lxc_configs;
  const chain = (id: string): string[] => { const out = [id]; let c = cts[id]; while (c?.clone_from_ctid) { out.push(c.clone_from_ctid); c = cts[c.clone_from_ctid]; } return out; };
  // read inside the running CT, through the simulator's pct (wherever its storage keeps the rootfs)
  const guestLog = (id: string): string[] => {
    const r = spawnSync('pct', ['exec', id, '--', 'cat', '/var/lib/phoenix-stub/host-argv.log'], { env, encoding: 'utf8' });
    return r.status === 0 ? r.stdout.split('\n').filter(Boolean) : [];
  };
  let checked = 0;
  for (const [id, c] of Object.entries(cts)) {
    if (!c.features?.length) continue;
    const lines = guestLog(id);
    for (const line of lines) {
      // every run seen in this guest got exactly its CTID (its own, or a clone source's whose rootfs it copied)
      const m = /^(\S+) (\d+):(.*)$/.exec(line);
      assert.ok(m, line);
      const [, , argc, args] = m!;
      const who = args!.split(' ')[0]!;
      assert.ok(chain(id).includes(who), `CT ${id}: ${line}`);
      const url = cts[who]?.bootstrap_ca_url;
      assert.equal([argc, args], url ? ['2', `${who} ${url}`] : ['1', who], `CT ${id}: ${line}`);
    }
    for (const f of c.features) {
      assert.ok(lines.some((l) => l.startsWith(`${f} `) && chain(id).includes(l.split(':')[1]!.split(' ')[0]!)), `CT ${id}: feature ${f} ran for it or its source\n${lines.join('\n')}`);
      checked++;
    }
  }
  assert.ok(checked > 5, `checked ${checked} CT features`);
  const before = readAudit(real.stateDir).length;
  const second = await cli(['LetsGo', '-c', real.configFile]);
  assert.is(second.code, 0, second.stdout);
  assert.equal(readAudit(real.stateDir).slice(before).filter((c) => c.mutating).map((c) => c.argv.join(' ')), []);
});

test.run();
