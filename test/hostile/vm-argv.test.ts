// Hostile corpus, VM strings that pass the schema and reach the guest: NFS volume values go to a fixed script as
// $1/$2 (one argv element each), health argv stays argv; nothing is run by a shell; the guest's fstab gains exactly
// one well-formed line per volume (a value must not add lines or fields to it).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { innerArgv } from '../../src/tasks/bounded-exec.js';
import { makeEstate, type Estate } from '../helpers/estate.js';
import { assertOneElement, setContainers, setVms } from './argv-helpers.js';
import { assertNoMarker, hostileValues, runFresh, type Hostile } from './hostile-helpers.js';
import { simNodeConfig } from '../helpers/sim.js';
import { problemLines } from '../helpers/cli.js';

const TPL = { vmid: 9000, name: 'tpl', is_template: true, template_image: 'cloud.img', network_config: { ip: 'dhcp' } };
const vm = (vmid: number, extra: Record<string, unknown>) => ({ vmid, name: `vm${vmid}`, clone_from_vmid: 9000, network_config: { ip: 'dhcp' }, ...extra });
const nfs = (server: string, path: string, mount_point: string) => ({ type: 'nfs', name: 'v', server, path, mount_point });

let e: Estate;
test.before(async () => {
  e = makeEstate({
    lxc: { lxc_configs: {} }, scripts: { features: [] }, rawFiles: { 'images/cloud.img': 'fake image\n' },
    inventory: { defaultNode: 'pve', nodes: { pve: { ...simNodeConfig('./.phoenix/sim/pve'), imageDir: './images' } } },
  });
  setContainers(e, {});
  setVms(e, [TPL]);
  const r = await e.run('create', '9000');
  assert.is(r.code, 0, r.stdout + r.stderr);
});
test.after(() => e.cleanup());

async function converge(vms: Record<string, unknown>[], ...argv: string[]) {
  setVms(e, [TPL, ...vms]);
  return e.during(() => e.run(...argv));
}

/** fstab lines of a VM's guest that mention `needle`. */
const fstabLines = (vmid: string, needle: string): string[] => (e.guestFile(vmid, 'etc/fstab') ?? '').split('\n').filter((l) => l.includes(needle));

function noMarkers(vmid: string, hs: Hostile[]): void {
  for (const h of hs) {
    assertNoMarker(h.marker, h.label);
    assert.is(e.guestFile(vmid, h.marker.slice(1)), undefined, `inside VM ${vmid}, ${h.label}`);
  }
}

/** Hostile values without whitespace (a space is a separate case: it would add fstab fields). */
const tight = (prefix: string): Hostile[] => hostileValues(prefix).filter((h) => h.label !== 'newline').map((h) => ({ ...h, value: h.value.replace(/ /g, '${IFS}') }));

const SERVERS = tight('nas');
const PATHS = tight('/export');
const MPS = tight('/mnt/d');
const VOLUMES = PATHS.map((p, i) => nfs('nas', p.value, MPS[i]!.value));
const HEALTH = hostileValues('h');
const HEALTH_ARGV = ['/bin/echo', ...HEALTH.map((h) => h.value)];
let vm1000: ReturnType<typeof converge> | undefined;
/** VM 1000 with the hostile volumes and health argv, created once for the two tests that read it. */
async function created1000() {
  vm1000 ??= converge([vm(1000, { volumes: VOLUMES, health_check: { command: HEALTH_ARGV, retries: 1, interval: 0 } })], 'create', '1000');
  const run = await vm1000;
  assert.is(run.r.code, 0, run.r.stdout + run.r.stderr);
  return run;
}

test('volumes[] path/mount_point with ; | $() `` quotes: "$1"/"$2" of the fixed script, one fstab line each', async () => {
  const { calls } = await created1000();
  const nfsCalls = calls.filter((c) => c.argv.includes('phoenix-nfs'));
  for (const v of VOLUMES) {
    assertOneElement(nfsCalls, `${v.server}:${v.path}`);
    assertOneElement(nfsCalls, v.mount_point);
    assert.equal(fstabLines('1000', v.mount_point), [`${v.server}:${v.path} ${v.mount_point} nfs defaults,auto,nofail 0 0`]);
  }
  noMarkers('1000', [...PATHS, ...MPS]);
});

test('volumes[].server with ; | $() `` quotes is refused: it must be a host name or address', async () => {
  for (const [i, s] of SERVERS.entries()) await oneFstabLineOrRefused(1100 + i, nfs(s.value, '/export', '/mnt/x'), 'server');
});

test('health_check.command array with hostile elements (newline too): exactly that argv after qm guest exec --', async () => {
  const { calls } = await created1000();
  const execs = calls.filter((c) => c.argv.slice(0, 4).join(' ') === 'qm guest exec 1000' && c.argv.includes('/bin/echo'));
  // inside the bounded wrapper (src/tasks/bounded-exec.ts), whose arguments come after qm's `--`
  assert.equal(execs.map((c) => innerArgv(c.argv)), [HEALTH_ARGV]);
  noMarkers('1000', HEALTH);
});

/**
 * Either the schema refuses the value at its JSON path with nothing sent, or the guest's fstab gains exactly one
 * line for the volume, with the six fstab fields.
 */
async function oneFstabLineOrRefused(vmid: number, volume: ReturnType<typeof nfs>, field: 'server' | 'path' | 'mount_point'): Promise<void> {
  const pointer = `phoenix_vm_configs.json: /vms/1/volumes/0/${field}: `;
  const fresh = await runFresh({ vm: { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 8, storage_pool: 'local-lvm', network_bridge: 'vmbr0' }, vms: [TPL, vm(vmid, { volumes: [volume] })] }, lxc: { lxc_configs: {} } }, ['validate']);
  if (fresh.r.code !== 0) {
    assert.ok(problemLines(fresh.r.stderr).some((l) => l.startsWith(pointer)), `refused, but not at ${pointer}:\n${fresh.r.stderr}`);
    const { r, calls } = await converge([vm(vmid, { volumes: [volume] })], 'create', String(vmid));
    assert.is(r.code, 1);
    assert.equal(calls, [], 'an invalid config sends nothing');
    return;
  }
  const { r } = await converge([vm(vmid, { volumes: [volume] })], 'create', String(vmid));
  assert.is(r.code, 0, r.stdout + r.stderr);
  const fstab = (e.guestFile(String(vmid), 'etc/fstab') ?? '').split('\n').filter((l) => l.trim() !== '');
  assert.is(fstab.length, 1, `one volume must give one fstab line, got:\n${fstab.join('\n')}`);
  assert.is(fstab[0]!.trim().split(/\s+/).length, 6, `fstab line must have 6 fields: ${fstab[0]}`);
}

test('volumes[].server with a newline cannot add a line to the guest\'s fstab (e.g. mount / from elsewhere)', async () => {
  await oneFstabLineOrRefused(1002, nfs('nas\n/dev/sdb1 / ext4 defaults 0 0\n#', '/export', '/mnt/data'), 'server');
});

test('volumes[].mount_point with a space cannot shift the fstab fields', async () => {
  await oneFstabLineOrRefused(1003, nfs('nas', '/export', '/mnt/my data'), 'mount_point');
});

test('volumes[].path with a space cannot shift the fstab fields', async () => {
  await oneFstabLineOrRefused(1004, nfs('nas', '/export/my data', '/mnt/data'), 'path');
});

test.run();
