// Hostile corpus, property-string injection: a path that reaches `--mpN <volume>,mp=<path>` is one argv element,
// but PVE splits that element on commas, so `/data,ro=1` would set an option nobody configured. Each case must be
// refused at its JSON path with nothing sent, or the mount must carry exactly the configured keys and path.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeEstate, type Estate } from '../helpers/estate.js';
import { parseProps } from '../../src/tasks/props.js';
import { ct, setContainers, setVms } from './argv-helpers.js';
import { problemLines } from '../helpers/cli.js';

let e: Estate;
test.before(() => {
  e = makeEstate({ lxc: { lxc_configs: {} }, scripts: { features: [] } });
  setVms(e, []);
});
test.after(() => e.cleanup());

type Want = { volumeKey: 'host_path' | 'zfs'; mp: string; volume?: string };

/** The mpN entries of a CT's config, parsed as PVE parses them. */
function mounts(vmid: string): Record<string, string>[] {
  return e.conf(vmid).split('\n').filter((l) => /^mp\d+: /.test(l)).map((l) => parseProps(l.replace(/^mp\d+: /, ''), 'volume'));
}

async function refusedOrExact(vmid: string, extra: Record<string, unknown>, pointer: string, want: Want): Promise<void> {
  setContainers(e, { [vmid]: ct(vmid, extra) });
  const { r, calls } = await e.during(() => e.run('create', vmid));
  const refusal = problemLines(r.stderr).some((l) => l.startsWith(`phoenix_lxc_configs.json: /lxc_configs/${vmid}/${pointer}: `));
  if (r.code === 1 && refusal) {
    assert.equal(calls, [], 'refused: nothing may be sent');
    return;
  }
  const mps = mounts(vmid);
  assert.is(mps.length, 1, `one configured mount, one mpN: ${JSON.stringify(mps)}`);
  const m = mps[0]!;
  assert.is(m.mp, want.mp, 'the mount path is the configured one');
  if (want.volume !== undefined) assert.is(m.volume, want.volume, 'the bind source is the configured one');
  const allowed = want.volumeKey === 'zfs' ? ['volume', 'mp', 'size'] : ['volume', 'mp'];
  assert.equal(Object.keys(m).filter((k) => !allowed.includes(k)), [], `keys nobody configured were set through a value: ${JSON.stringify(m)}`);
}

test('mount_points[].container_path "/data,ro=1" cannot make the bind read-only (or set any other mp option)', async () => {
  await refusedOrExact('970', { mount_points: [{ host_path: '/srv/share', container_path: '/data,ro=1' }] }, 'mount_points/0/container_path',
    { volumeKey: 'host_path', mp: '/data,ro=1', volume: '/srv/share' });
});

test('mount_points[].host_path "/srv/a,backup=1" cannot add an mp option', async () => {
  await refusedOrExact('971', { mount_points: [{ host_path: '/srv/a,backup=1', container_path: '/data' }] }, 'mount_points/0/host_path',
    { volumeKey: 'host_path', mp: '/data', volume: '/srv/a,backup=1' });
});

test('zfs_volumes[].mount_point "/vol,ro=1" cannot make the volume read-only', async () => {
  await refusedOrExact('972', { zfs_volumes: [{ name: 'v', pool: 'local-lvm', size_gb: 1, mount_point: '/vol,ro=1' }] }, 'zfs_volumes/0/mount_point',
    { volumeKey: 'zfs', mp: '/vol,ro=1' });
});

test('control: a plain bind mount carries exactly volume and mp (so the cases above can pass)', async () => {
  await refusedOrExact('973', { mount_points: [{ host_path: '/srv/ok', container_path: '/ok' }] }, 'mount_points/0/host_path',
    { volumeKey: 'host_path', mp: '/ok', volume: '/srv/ok' });
  assert.is(mounts('973').length, 1);
});

test.run();
