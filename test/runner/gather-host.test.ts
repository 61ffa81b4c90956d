import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLocalConnection } from '../../src/runner/connections/local.js';
import { gatherHostFacts } from '../../src/runner/facts/gather-host.js';
import {
  parsePvesmStatus, parseStat, parseUserSection, parseZfsGet, parseZfsList, parseZpoolList, parseZpoolStatus, splitSections,
} from '../../src/runner/facts/parse-host.js';
import { emptyQuery } from '../../src/tasks/host/query.js';
import { parseStorageCfg } from '../../src/tasks/host/storage-cfg.js';
import { node } from '../helpers/model.js';

const A = '/dev/disk/by-id/nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y320880M';
const B = '/dev/disk/by-id/nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y310536X';
const C = '/dev/disk/by-id/nvme-Samsung_SSD_990_EVO_Plus_4TB_S7U8NJ0Y402334Y';
const ZPOOL_STATUS = `  pool: fastData
 state: ONLINE
config:

\tNAME                                                             STATE     READ WRITE CKSUM
\tfastData                                                         ONLINE       0     0     0
\t  ${C}-part1  ONLINE       0     0     0

errors: No known data errors

  pool: quickOS
 state: ONLINE
  scan: scrub repaired 0B in 00:01:02 with 0 errors on Sun Nov  9 00:25:03 2025
config:

\tNAME                                                               STATE     READ WRITE CKSUM
\tquickOS                                                            ONLINE       0     0     0
\t  mirror-0                                                         ONLINE       0     0     0
\t    ${A}-part1  ONLINE       0     0     0
\t    ${B}-part1  ONLINE       0     0     0
\tlogs
\t  /dev/sdz1                                                        ONLINE       0     0     0
\tcache
\t  /dev/sdy1                                                        ONLINE       0     0     0

errors: No known data errors
`;

/** pvesm status exactly as pvesm.pm prints it (maxlen = longest id + 1). */
function pvesmStatus(rows: [string, string, string, number, number, number, number][]): string {
  const w = Math.max(...rows.map((r) => r[0].length)) + 1;
  const pad = (s: string, n: number, left = false): string => (left ? s.padEnd(n) : s.padStart(n));
  const head = `${pad('Name', w, true)} ${pad('Type', 10)} ${pad('Status', 10)} ${pad('Total (KiB)', 15)} ${pad('Used (KiB)', 15)} ${pad('Available (KiB)', 15)} ${pad('%', 8)}\n`;
  return head + rows.map(([n, t, s, tot, used, av, pct]) => `${pad(n, w, true)} ${pad(t, 10)} ${pad(s, 10)} ${pad(String(tot), 15)} ${pad(String(used), 15)} ${pad(String(av), 15)} ${pad(pct.toFixed(2), 7)}%\n`).join('');
}

test('zpool status -P: data vdevs per pool, log and cache devices left out', () => {
  assert.equal(parseZpoolStatus(ZPOOL_STATUS), {
    fastData: [{ type: 'disk', disks: [`${C}-part1`] }],
    quickOS: [{ type: 'mirror', disks: [`${A}-part1`, `${B}-part1`] }],
  });
  assert.equal(parseZpoolStatus('  pool: t\n config:\n\n\tNAME STATE\n\tt ONLINE 0 0 0\n\t  raidz1-0 ONLINE 0 0 0\n\t    sda ONLINE 0 0 0\n\t    sdb ONLINE 0 0 0\n\t    sdc ONLINE 0 0 0\n').t, [{ type: 'raidz1', disks: ['sda', 'sdb', 'sdc'] }]);
});

test('zpool list -H, zfs list -H -p, zfs get -H -p (tab separated, reference §7)', () => {
  assert.equal(parseZpoolList('quickOS\tONLINE\nfastData\tDEGRADED\n'), { quickOS: 'ONLINE', fastData: 'DEGRADED' });
  assert.equal(parseZfsList('quickOS\t/quickOS\nquickOS/vm-disks\t/quickOS/vm-disks\nquickOS/vm-disks/vm-1001-disk-0\t-\n'),
    { quickOS: '/quickOS', 'quickOS/vm-disks': '/quickOS/vm-disks', 'quickOS/vm-disks/vm-1001-disk-0': '-' });
  assert.equal(parseZfsGet('quickOS/vm-disks\trecordsize\t131072\tlocal\nquickOS/vm-disks\tcompression\tlz4\tinherited from quickOS\n'),
    { 'quickOS/vm-disks': { recordsize: { value: '131072', source: 'local' }, compression: { value: 'lz4', source: 'inherited from quickOS' } } });
});

test('pvesm status in the exact printf format, incl. a disabled storage', () => {
  const text = pvesmStatus([['local', 'dir', 'active', 98497780, 12345678, 81104836, 12.53], ['quickOS-lxc-disks', 'zfspool', 'active', 1, 0, 1, 0]])
    + `${'off'.padEnd(18)} ${'nfs'.padStart(10)} ${'disabled'.padStart(10)} ${'0'.padStart(15)} ${'0'.padStart(15)} ${'0'.padStart(15)}      N/A\n`;
  assert.equal(parsePvesmStatus(text), { local: { type: 'dir', status: 'active' }, 'quickOS-lxc-disks': { type: 'zfspool', status: 'active' }, off: { type: 'nfs', status: 'disabled' } });
});

test('storage.cfg: sections, tab-indented keys, bare flags', () => {
  const cfg = 'dir: local\n\tpath /var/lib/vz\n\tcontent iso,vztmpl,backup\n\nzfspool: local-zfs\n\tpool rpool/data\n\tsparse\n\tcontent images,rootdir\n';
  assert.equal(parseStorageCfg(cfg), {
    local: { type: 'dir', props: { path: '/var/lib/vz', content: 'iso,vztmpl,backup' } },
    'local-zfs': { type: 'zfspool', props: { pool: 'rpool/data', sparse: '1', content: 'images,rootdir' } },
  });
});

test('sections keep file bodies byte-exact (no trailing newline added), users and stat parse', () => {
  const out = '\x1efile /a\nno newline\x1f0\n\x1euser bob\npasswd bob:x:1001:1002::/home/bob:/bin/bash\ngroups sudo adm \nshadow $6$x$ykeys\nkeys\nssh-ed25519 K\n\x1fpresent\n\x1euser ann\n\x1fabsent\n';
  const s = splitSections(out);
  assert.equal(s.get('file /a'), { body: 'no newline', status: '0' });
  assert.equal(parseUserSection(s.get('user bob')!), { uid: 1001, gid: 1002, home: '/home/bob', shell: '/bin/bash', groups: ['sudo', 'adm'], passwordHash: '$6$x$ykeys', authorizedKeys: 'ssh-ed25519 K\n' });
  assert.is(parseUserSection(s.get('user ann')!), null);
  assert.equal(parseStat('directory|1001|1002|770\n'), { type: 'directory', uid: 1001, gid: 1002, mode: '770' });
});

test('one exec against a real shell: tools missing tolerated, files/users/paths read under the host root, data never run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-host-'));
  try {
    const root = join(dir, 'host');
    const pve = join(dir, 'pve');
    const bin = join(dir, 'bin');
    for (const d of [`${root}/etc/samba`, `${root}/home/bob/.ssh`, `${root}/srv/share`, pve, bin]) mkdirSync(d, { recursive: true });
    writeFileSync(`${root}/etc/passwd`, 'root:x:0:0:root:/root:/bin/bash\nbob:x:1001:1002::/home/bob:/bin/bash\n');
    writeFileSync(`${root}/etc/group`, 'root:x:0:\nsudo:x:27:bob\nusers:x:100:alice,bob\n');
    writeFileSync(`${root}/etc/shadow`, 'root:*:1::::::\nbob:$6$s$h:1::::::\n');
    writeFileSync(`${root}/home/bob/.ssh/authorized_keys`, 'ssh-ed25519 KEY bob\n');
    writeFileSync(`${root}/etc/exports`, '/srv x(ro)\n');
    writeFileSync(`${pve}/storage.cfg`, 'dir: local\n\tpath /var/lib/vz\n\tcontent iso\n');
    // fake tools that record their argv: zfs only (zpool missing -> zfs false, but zfs get still runs)
    const log = join(dir, 'argv.log');
    writeFileSync(join(bin, 'zfs'), `#!/bin/sh\nprintf '%s|' "$@" >> '${log}'; echo >> '${log}'\n[ "$1" = list ] && printf 'tank\\t/tank\\n'\n[ "$1" = get ] && printf 'tank/a\\trecordsize\\t131072\\tlocal\\n'\nexit 0\n`);
    chmodSync(join(bin, 'zfs'), 0o755);
    writeFileSync(join(bin, 'exportfs'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const evil = `${root}/$(touch ${dir}/pwned)'q`;
    const q = { ...emptyQuery(), zfs: true, storages: true, datasets: ['tank/a', 'tank/b c'], props: ['recordsize', 'quota'], files: [`${root}/etc/exports`, `${root}/etc/samba/smb.conf`, evil], users: ['bob', 'nobody2'], paths: [`${root}/srv/share`, `${root}/nope`], samba: true };
    const conn = createLocalConnection('pve', { PATH: `${bin}:/usr/bin:/bin` });
    const spec = node('pve', { connection: 'local', pveRoot: pve, hostRoot: root });
    const f = await gatherHostFacts(conn, spec, q);
    assert.is(existsSync(join(dir, 'pwned')), false, 'a path is data, never code');
    assert.is(f.zfs, false);
    assert.equal(f.files, { [`${root}/etc/exports`]: '/srv x(ro)\n', [`${root}/etc/samba/smb.conf`]: null, [evil]: null });
    assert.equal(f.users.bob, { uid: 1001, gid: 1002, home: '/home/bob', shell: '/bin/bash', groups: ['sudo', 'users'], passwordHash: '$6$s$h', authorizedKeys: 'ssh-ed25519 KEY bob\n' });
    assert.is(f.users.nobody2, null);
    assert.is(f.paths[`${root}/srv/share`]!.type, 'directory');
    assert.is(f.paths[`${root}/nope`], null);
    assert.equal(f.storages.local, { type: 'dir', props: { path: '/var/lib/vz', content: 'iso' } });
    assert.is(f.sambaUsers, null, 'pdbedit missing: unknown, not empty');
    assert.is(f.firewall, null);
    assert.equal(f.tools, ['exportfs']);
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    assert.ok(calls.includes('get|-H|-p|-o|name,property,value,source|recordsize,quota|tank/a|tank/b c|'), calls.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
