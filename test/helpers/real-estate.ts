// The original project's real configuration (../shared/fixtures/phoenix-real, read in place, never copied),
// with a phoenix config, an inventory on a simulated node and stub feature / application / test scripts of our own.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { realFixtureDir } from './fixtures.js';
import { simBinDir, simNodeConfig } from './sim.js';

export interface RealEstate { dir: string; configFile: string; stateDir: string; fixture: string; cleanup(): void }

const STUB = '#!/bin/sh\nset -eu\nmkdir -p /var/lib/phoenix-stub\necho "$(basename "$0") $*" >> /var/lib/phoenix-stub/ran.log\n';

/**
 * A host-side stand-in for a CT feature (the original's contract, scripts/features/<name>.host.sh): records its name
 * and argv inside the guest, through `pct exec "$1"` like the original's scripts.
 */
const hostStub = (feature: string): string => `#!/bin/sh\nset -eu\nprintf '%s %s:%s\\n' ${feature} "$#" "$*" | pct exec "$1" -- /bin/sh -c 'mkdir -p /var/lib/phoenix-stub && cat >> /var/lib/phoenix-stub/host-argv.log'\n`;

export interface RealEstateOptions {
  /** CT features as original-style host-side scripts (features/<name>.host.sh); VM features stay in-guest. */
  hostFeatures?: boolean;
}

/** undefined when the fixture is absent (the caller prints the skip line). */
export function realEstate(o: RealEstateOptions = {}): RealEstate | undefined {
  const fixture = realFixtureDir();
  if (!fixture) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-real-'));
  const lxc = JSON.parse(readFileSync(join(fixture, 'phoenix_lxc_configs.json'), 'utf8')) as { lxc_configs: Record<string, { features?: string[]; application_script?: string; health_check?: { command: string }; tests?: Record<string, { path: string }[]> }> };
  const vm = JSON.parse(readFileSync(join(fixture, 'phoenix_vm_configs.json'), 'utf8')) as { vms: { features?: string[] }[] };
  const hyp = JSON.parse(readFileSync(join(fixture, 'phoenix_hypervisor_config.json'), 'utf8')) as { tests?: Record<string, { path: string }[]> };
  const put = (rel: string): void => { mkdirSync(join(dir, 'scripts', rel, '..'), { recursive: true }); writeFileSync(join(dir, 'scripts', rel), STUB, { mode: 0o755 }); };
  const putHost = (f: string): void => { mkdirSync(join(dir, 'scripts', 'features'), { recursive: true }); writeFileSync(join(dir, 'scripts', 'features', `${f}.host.sh`), hostStub(f), { mode: 0o755 }); };
  for (const c of Object.values(lxc.lxc_configs)) for (const f of c.features ?? []) (o.hostFeatures ? putHost : put)(o.hostFeatures ? f : `features/${f}.sh`);
  for (const c of vm.vms) for (const f of c.features ?? []) put(`features/${f}.sh`);
  for (const c of Object.values(lxc.lxc_configs)) {
    if (c.application_script) put(`apps/${c.application_script}`);
    if (c.health_check) put(`health/${c.health_check.command.split(/\s+/)[0]!.split('/').pop()}`);
    for (const cases of Object.values(c.tests ?? {})) for (const t of cases) put(`tests/${t.path}`);
  }
  for (const cases of Object.values(hyp.tests ?? {})) for (const t of cases) put(`tests/${t.path}`);
  const stateDir = join(dir, '.phoenix', 'sim', 'pve');
  const configFile = join(dir, 'phoenix.config.yaml');
  writeFileSync(configFile, stringify({
    configs: { hypervisor: join(fixture, 'phoenix_hypervisor_config.json'), lxc: join(fixture, 'phoenix_lxc_configs.json'), vm: join(fixture, 'phoenix_vm_configs.json') },
    scripts: './scripts',
    inventory: { defaultNode: 'pve', nodes: { pve: { ...simNodeConfig('./.phoenix/sim/pve'), imageDir: './images' } } },
  }));
  mkdirSync(join(dir, 'images'));
  writeFileSync(join(dir, 'images', 'noble-server-cloudimg-amd64.img'), 'fake cloud image\n');
  return { dir, configFile, stateDir, fixture, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The real estate's node as `setup` expects it: its disks already carry their pools (creating them needs
 * --wipe-disks and the config's permission), and the samba user's password is where its default reference names it
 * (never in argv). Returns the environment that runs the simulator's tools as that node.
 */
export function prepareRealNode(real: RealEstate): NodeJS.ProcessEnv {
  const env = { ...process.env, PATH: `${simBinDir}:${process.env.PATH}`, PVE_SIM_DIR: real.stateDir };
  for (const a of [['quickOS', 'mirror', '/dev/disk/by-id/a', '/dev/disk/by-id/b'], ['fastData', '/dev/disk/by-id/c']]) {
    const r = spawnSync('zpool', ['create', ...a], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`zpool create ${a[0]}: ${r.stderr}`);
  }
  process.env.PHOENIX_SAMBA_PASSWORD = 'sim-samba-pw';
  return env;
}
