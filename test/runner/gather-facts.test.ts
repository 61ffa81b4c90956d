// The guest state read against a real shell and fake pvesh/pct/qm on PATH: what it reads, and in how many execs and
// Proxmox tool calls.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Connection } from '../../src/runner/connection.js';
import { createLocalConnection } from '../../src/runner/connections/local.js';
import { gatherFacts, refreshGuest } from '../../src/runner/facts/gather-facts.js';
import { cliArgv, parseCliRead, parseListSnapshot } from '../../src/runner/facts/read-cli.js';
import { splitConfigs } from '../../src/runner/facts/read-files.js';
import { node } from '../helpers/model.js';

/**
 * pvesh (cluster resources, the live per-node lists, guest firewall), pct and qm (list, config, listsnapshot, status)
 * served from files of `<state>`; every call logged. A `<name>.fail` file makes that answer fail as PVE does.
 */
const TOOL = (state: string): string => `#!/bin/sh
s='${state}'; t=\${0##*/}; printf '%s\\n' "$t $*" >> "$s/log"
case $t in
pvesh)
  case $2 in
    /cluster/resources) cat "$s/resources.json"; exit 0 ;;
    /nodes/*/lxc|/nodes/*/qemu)
      k=\${2##*/}
      if [ -f "$s/list-$k.fail" ]; then cat "$s/list-$k.fail" >&2; exit 255; fi
      if [ -f "$s/list-$k.json" ]; then cat "$s/list-$k.json"; else echo '[]'; fi; exit 0 ;;
  esac
  id=$(printf '%s' "$2" | sed 's#/firewall/.*##; s#.*/##')
  case $2 in
    */firewall/rules) if [ -f "$s/fw/$id.rules" ]; then cat "$s/fw/$id.rules"; else echo '[]'; fi; exit 0 ;;
    */firewall/options) if [ -f "$s/fw/$id.options" ]; then cat "$s/fw/$id.options"; else echo '{}'; fi; exit 0 ;;
  esac
  echo "no 'get' handler for '$2'" >&2; exit 255 ;;
esac
if [ "$1" = list ]; then
  if [ -f "$s/$t-list.fail" ]; then exit 255; fi
  [ -f "$s/$t-list.txt" ] && cat "$s/$t-list.txt"; exit 0
fi
k=lxc; [ "$t" = qm ] && k=qemu
f="$s/$k/$2"
if [ ! -f "$f.conf" ]; then echo "Configuration file '$k/$2.conf' does not exist" >&2; exit 255; fi
case $1 in
  config) cat "$f.conf" ;;
  listsnapshot) [ -f "$f.snaps" ] && cat "$f.snaps"; printf '%s\\n' '\`-> current                                                 You are here!' ;;
  status) printf 'status: %s\\n' "$(cat "$f.status" 2>/dev/null || echo stopped)" ;;
esac
`;

interface Node {
  dir: string; state: string; pveRoot: string; imageDir: string;
  conn: Connection & { execs: string[][] };
  /** Tool calls made on the node (`pct config 100`, …), from the fakes' log. */
  calls(): string[];
  guest(kind: 'lxc' | 'qemu', vmid: string, conf: string, extra?: { status?: string; snaps?: string }): void;
  /** A config file under pveRoot (`nodes/pve/lxc/100.conf`, …). */
  file(path: string, text: string): void;
  resources(list: Record<string, unknown>[]): void;
  /** What `pvesh get /nodes/pve/lxc|qemu` answers. */
  live(kind: 'lxc' | 'qemu', list: Record<string, unknown>[]): void;
  cleanup(): void;
}

function fakeNode(env: Record<string, string> = {}): Node {
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-facts-'));
  const state = join(dir, 'state');
  const bin = join(dir, 'bin');
  const pveRoot = join(dir, 'etc/pve');
  for (const d of [bin, `${state}/lxc`, `${state}/qemu`, `${state}/fw`]) mkdirSync(d, { recursive: true });
  for (const t of ['pvesh', 'pct', 'qm']) writeFileSync(join(bin, t), TOOL(state), { mode: 0o755 });
  writeFileSync(`${state}/resources.json`, '[]');
  writeFileSync(`${state}/log`, '');
  const local = createLocalConnection('pve', { PATH: `${bin}:/usr/bin:/bin`, ...env });
  const execs: string[][] = [];
  const conn = { node: 'pve', execs, close: async () => undefined, exec: (argv: readonly string[]) => { execs.push([...argv]); return local.exec(argv); } };
  return {
    dir, state, pveRoot, imageDir: join(dir, 'images'), conn,
    calls: () => readFileSync(`${state}/log`, 'utf8').split('\n').filter(Boolean),
    guest(kind, vmid, conf, extra = {}) {
      writeFileSync(`${state}/${kind}/${vmid}.conf`, conf);
      if (extra.status) writeFileSync(`${state}/${kind}/${vmid}.status`, extra.status);
      if (extra.snaps) writeFileSync(`${state}/${kind}/${vmid}.snaps`, extra.snaps);
    },
    file(path, text) {
      const f = join(pveRoot, path);
      mkdirSync(join(f, '..'), { recursive: true });
      writeFileSync(f, text);
    },
    resources: (list) => writeFileSync(`${state}/resources.json`, JSON.stringify(list)),
    live: (kind, list) => writeFileSync(`${state}/list-${kind}.json`, JSON.stringify(list)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const res = (vmid: number, type: 'lxc' | 'qemu', status = 'running', extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ id: `${type}/${vmid}`, vmid, type, node: 'pve', status, template: 0, ...extra });

/** An entry of `pvesh get /nodes/<node>/lxc|qemu` as PVE::LXC::vmstatus / PVE::QemuServer::vmstatus return it. */
const liveEntry = (vmid: number, status: string, extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ cpu: 0, cpus: 1, disk: 0, maxdisk: 8589934592, maxmem: 536870912, mem: 0, name: `g${vmid}`, netin: 0, netout: 0, status, uptime: 0, vmid, ...extra });

/** pmxcfs's `.vmlist` as status.c `cfs_create_vmlist_msg` prints it (this shape captured from a real PVE 9 node). */
const vmlist = (ids: Record<string, [string, 'lxc' | 'qemu']>): string => {
  const entries = Object.entries(ids).map(([id, [n, type]]) => `"${id}": { "node": "${n}", "type": "${type}", "version": 4 }`);
  return entries.length ? `{\n"version": 8,\n"ids": {\n${entries.join(',\n')}}\n\n}\n` : '{\n"version": 0\n\n}\n';
};

/** The error `p` rejects with (fails when it resolves). */
async function rejection(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (e) { return (e as Error).message; }
  assert.unreachable('expected a rejection');
  return '';
}

/** `listsnapshot` as GuestHelpers.pm `print_snapshot_tree` prints it. */
const SNAPS = '`-> base                           2025-01-01 10:00:00     no-description\n `-> final-form                    2025-01-02 10:00:00     no-description\n';

test('files: configs, firewall, images, .vmlist, HA and the live lists in ONE exec with TWO Proxmox tool calls', async () => {
  const n = fakeNode();
  try {
    const spec = node('pve', { pveRoot: n.pveRoot, imageDir: n.imageDir });
    mkdirSync(join(n.imageDir, 'a-directory'), { recursive: true });
    n.file('nodes/pve/lxc/100.conf', '#caf%C3%A9\nhostname: ct100\nmemory: 512\n\n[final-form]\nmemory: 256\n');
    n.file('nodes/pve/qemu-server/200.conf', 'name: vm200\ncores: 2\ntemplate: 1\n');
    n.file('nodes/pve/qemu-server/201.conf', 'cores: 1\n');
    n.file('firewall/100.fw', '[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -p tcp -dport 22 # ssh\n');
    n.file('.vmlist', vmlist({ 100: ['pve', 'lxc'], 200: ['pve', 'qemu'], 201: ['pve', 'qemu'], 300: ['pve2', 'lxc'], 301: ['pve3', 'qemu'] }));
    n.file('ha/resources.cfg', 'ct: 100\n\tstate started\n\nvm: 301\n\tstate started\n\tmax_restart 2\n\nvm: 201\n\tstate ignored\n');
    for (const f of ['ubuntu-24.04-server-cloudimg-amd64.img', 'debian 12.qcow2', 'alpine.raw']) writeFileSync(join(n.imageDir, f), 'x');
    // the lagging cluster view says otherwise: it must not be read
    n.resources([res(100, 'lxc', 'stopped'), res(200, 'qemu', 'unknown'), res(201, 'qemu', 'unknown')]);
    n.live('lxc', [liveEntry(100, 'running', { type: 'lxc', name: 'stale-name' })]);
    n.live('qemu', [liveEntry(200, 'stopped', { template: 1 }), liveEntry(201, 'running', { name: 'VM 201' })]);
    const f = await gatherFacts(n.conn, spec);
    assert.is(n.conn.execs.length, 1, n.conn.execs.map((a) => a.join(' ')).join('\n'));
    assert.equal(n.calls().sort(), ['pvesh get /nodes/pve/lxc --output-format json', 'pvesh get /nodes/pve/qemu --output-format json']);
    assert.is(f.source, 'files');
    assert.equal(f.images, ['alpine.raw', 'debian 12.qcow2', 'ubuntu-24.04-server-cloudimg-amd64.img'], 'regular files only, names only');
    assert.equal([...f.guests.keys()].sort(), ['100', '200', '201']);
    assert.equal(f.elsewhere, new Map([['300', 'pve2'], ['301', 'pve3']]));
    assert.equal(f.haManaged, ['100', '301'], 'ct:/vm: sections; `state ignored` is not HA-managed');
    const ct = f.guests.get('100')!;
    assert.equal([ct.name, ct.status, ct.config.memory, ct.snapshots, ct.description], ['ct100', 'running', '512', ['final-form'], 'café']);
    assert.equal(ct.snapshotConfig, { 'final-form': { memory: '256' } });
    assert.equal(ct.firewall, { options: { enable: '1' }, rules: ['type=in action=ACCEPT enable=1 proto=tcp dport=22 comment=ssh'] });
    assert.equal([f.guests.get('200')!.template, f.guests.get('200')!.status, f.guests.get('200')!.name], [true, 'stopped', 'vm200']);
    assert.equal([f.guests.get('201')!.status, f.guests.get('201')!.name], ['running', undefined], 'name from the config file, not the list default');
  } finally { n.cleanup(); }
});

test('a config file whose name holds a newline is left out: no phantom guest, the others read as ever', async () => {
  const n = fakeNode();
  try {
    const spec = node('pve', { pveRoot: n.pveRoot, imageDir: n.imageDir });
    n.file('nodes/pve/lxc/100.conf', 'hostname: ct100\n');
    // read as two names, it would be a CT 101 with no config and a second record out of step
    n.file('nodes/pve/lxc/101.conf\nf.conf', 'hostname: sneaky\n');
    n.file('nodes/pve/qemu-server/200.conf', 'name: vm200\n');
    n.file('.vmlist', vmlist({ 100: ['pve', 'lxc'], 200: ['pve', 'qemu'] }));
    n.live('lxc', [liveEntry(100, 'running', { type: 'lxc' })]);
    n.live('qemu', [liveEntry(200, 'stopped')]);
    const f = await gatherFacts(n.conn, spec);
    assert.equal([...f.guests.keys()].sort(), ['100', '200']);
    assert.equal([f.guests.get('100')!.name, f.guests.get('200')!.name], ['ct100', 'vm200']);
    assert.equal(n.calls().sort(), ['pvesh get /nodes/pve/lxc --output-format json', 'pvesh get /nodes/pve/qemu --output-format json'], 'no status asked for a guest that is not there');
  } finally { n.cleanup(); }
});

test('no temp dir on the node: the same read, its Proxmox calls one after the other', async () => {
  const n = fakeNode({ TMPDIR: '/nonexistent/tmp' });
  try {
    const spec = node('pve', { pveRoot: n.pveRoot, imageDir: n.imageDir });
    n.file('nodes/pve/lxc/100.conf', 'hostname: ct100\n');
    n.file('.vmlist', vmlist({ 100: ['pve', 'lxc'], 300: ['pve2', 'lxc'] }));
    n.live('lxc', [liveEntry(100, 'running', { type: 'lxc' })]);
    writeFileSync(join(n.state, 'list-qemu.fail'), 'boom\n');
    writeFileSync(join(n.state, 'qm-list.txt'), '');
    const f = await gatherFacts(n.conn, spec);
    assert.equal([f.guests.get('100')!.status, [...f.elsewhere!]], ['running', [['300', 'pve2']]]);
    assert.equal(n.calls(), ['pvesh get /nodes/pve/lxc --output-format json', 'pvesh get /nodes/pve/qemu --output-format json', 'qm list'], 'a failed list falls back to its CLI list');
  } finally { n.cleanup(); }
});

test('.vmlist unreadable: /cluster/resources for membership only, in the same exec; status stays live', async () => {
  const n = fakeNode();
  try {
    const spec = node('pve', { pveRoot: n.pveRoot, imageDir: n.imageDir });
    n.file('nodes/pve/lxc/100.conf', 'hostname: ct100\n');
    n.resources([res(100, 'lxc', 'unknown'), { ...res(300, 'lxc'), node: 'pve2' }, { ...res(400, 'qemu'), node: 'pve3' }]);
    n.live('lxc', [liveEntry(100, 'stopped', { type: 'lxc' })]);
    const f = await gatherFacts(n.conn, spec);
    assert.is(n.conn.execs.length, 1);
    assert.equal(n.calls().sort(), ['pvesh get /cluster/resources --type vm --output-format json', 'pvesh get /nodes/pve/lxc --output-format json', 'pvesh get /nodes/pve/qemu --output-format json']);
    assert.equal(f.elsewhere, new Map([['300', 'pve2'], ['400', 'pve3']]));
    assert.is(f.guests.get('100')!.status, 'stopped');
    assert.equal(f.haManaged, [], 'no ha/resources.cfg: no guest is HA-managed');
  } finally { n.cleanup(); }
});

test('a live list that says unknown is kept unknown, never read as stopped or running', async () => {
  const n = fakeNode();
  try {
    const spec = node('pve', { pveRoot: n.pveRoot, imageDir: n.imageDir });
    n.file('nodes/pve/lxc/100.conf', 'hostname: ct100\n');
    n.file('nodes/pve/lxc/101.conf', 'hostname: ct101\n');
    n.file('.vmlist', vmlist({ 100: ['pve', 'lxc'], 101: ['pve', 'lxc'] }));
    n.live('lxc', [liveEntry(100, 'unknown', { type: 'lxc' }), { vmid: 101, type: 'lxc' }]);
    const f = await gatherFacts(n.conn, spec);
    assert.equal([f.guests.get('100')!.status, f.guests.get('101')!.status], ['unknown', 'unknown']);
  } finally { n.cleanup(); }
});

test('the live lists fail: pct list / qm list (one exec each, side by side), parsed without cutting columns', async () => {
  const n = fakeNode();
  try {
    const spec = node('pve', { pveRoot: n.pveRoot, imageDir: n.imageDir });
    n.file('nodes/pve/lxc/950.conf', 'hostname: a-rather-long-hostname-for-columns\n');
    n.file('nodes/pve/lxc/951.conf', 'hostname: ct951\nlock: backup\n');
    n.file('nodes/pve/qemu-server/9000.conf', 'memory: 512\n');
    n.file('nodes/pve/qemu-server/9001.conf', 'name: a-very-long-vm-name-exceeding-twenty\n');
    n.file('.vmlist', vmlist({ 950: ['pve', 'lxc'], 951: ['pve', 'lxc'], 9000: ['pve', 'qemu'], 9001: ['pve', 'qemu'] }));
    for (const k of ['lxc', 'qemu']) writeFileSync(join(n.state, `list-${k}.fail`), "hostname lookup 'pve' failed - failed to get address info for: pve: Name or service not known\n");
    // captured from a real PVE 9 node (pve-container 6.1.10, qemu-server 9.2.6)
    writeFileSync(join(n.state, 'pct-list.txt'), [
      'VMID       Status     Lock         Name                ',
      '950        running                 a-rather-long-hostname-for-columns',
      '951        stopped    backup       ct951               ', ''].join('\n'));
    writeFileSync(join(n.state, 'qm-list.txt'), [
      '      VMID NAME                 STATUS     MEM(MB)    BOOTDISK(GB) PID       ',
      '      9000 VM 9000              stopped    512                0.00 0         ',
      '      9001 a-very-long-vm-name-exceeding-twenty running    512                1.00 4242      ', ''].join('\n'));
    const f = await gatherFacts(n.conn, spec);
    assert.is(n.conn.execs.length, 3, 'the state read, then pct list and qm list');
    assert.equal(Object.fromEntries([...f.guests].map(([id, g]) => [id, `${g.status} ${g.lock ?? '-'}`])),
      { 950: 'running -', 951: 'stopped backup', 9000: 'stopped -', 9001: 'running -' });
    for (const t of ['pct', 'qm']) writeFileSync(join(n.state, `${t}-list.fail`), '');
    assert.match(await rejection(gatherFacts(n.conn, spec)), /cannot list guests on pve: hostname lookup 'pve' failed/);
  } finally { n.cleanup(); }
});

test('a state read cut off before its end fails instead of reading as fewer guests', async () => {
  const n = fakeNode();
  try {
    const spec = node('pve', { pveRoot: n.pveRoot, imageDir: n.imageDir });
    const cut: Connection = { node: 'pve', close: async () => undefined, exec: async (argv) => {
      const r = await n.conn.exec(argv);
      return { ...r, code: 255, stdout: r.stdout.slice(0, r.stdout.indexOf('\x1edone')) };
    } };
    n.file('nodes/pve/lxc/100.conf', 'hostname: ct100\n');
    assert.match(await rejection(gatherFacts(cut, spec)), /state read on pve did not complete \(exit 255\)/);
  } finally { n.cleanup(); }
});

test('files: a missing image dir lists no image; config files the live list does not show yet cost ONE exec for their status', async () => {
  const n = fakeNode();
  try {
    const spec = node('pve', { pveRoot: n.pveRoot, imageDir: join(n.dir, 'no-such-dir') });
    for (const id of ['101', '102', '103']) {
      n.file(`nodes/pve/lxc/${id}.conf`, `hostname: ct${id}\n`);
      n.guest('lxc', id, `hostname: ct${id}\n`, { status: id === '102' ? 'running' : 'stopped' });
    }
    n.file('nodes/pve/qemu-server/201.conf', 'name: vm201\n');
    n.guest('qemu', '201', 'name: vm201\n', { status: 'running' });
    const f = await gatherFacts(n.conn, spec);
    assert.equal(f.images, []);
    assert.is(n.conn.execs.length, 2, 'the state read, one status batch');
    assert.equal(n.calls().filter((c) => !c.startsWith('pvesh')).sort(), ['pct status 101', 'pct status 102', 'pct status 103', 'qm status 201']);
    assert.equal(Object.fromEntries([...f.guests].map(([id, g]) => [id, `${g.type} ${g.status}`])),
      { 101: 'lxc stopped', 102: 'lxc running', 103: 'lxc stopped', 201: 'qemu running' });
  } finally { n.cleanup(); }
});

test('CLI only: N guests read in a fixed number of execs (2, whatever N), into the same facts as the files give', async () => {
  const counts: number[] = [];
  for (const size of [1, 4]) {
    const n = fakeNode();
    try {
      const spec = node('pve', { pveRoot: join(n.dir, 'nonexistent/etc/pve'), imageDir: n.imageDir });
      const cts: Record<string, unknown>[] = [];
      n.guest('qemu', '200', 'name: vm200\ncores: 2\ntemplate: 1\n', { snaps: SNAPS });
      for (let i = 1; i < size; i++) {
        n.guest('lxc', String(100 + i), `description: first%0Asecond caf%C3%A9\nhostname: ct${100 + i}\nmemory: 512\nlock: backup\n`);
        cts.push(liveEntry(100 + i, 'running', { type: 'lxc' }));
      }
      writeFileSync(join(n.dir, 'state/fw/200.rules'), JSON.stringify([
        { pos: 1, type: 'out', action: 'DROP', enable: 0, digest: 'd' }, { pos: 0, type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '22', enable: 1, comment: 'ssh', digest: 'd' },
      ]));
      writeFileSync(join(n.dir, 'state/fw/200.options'), '{"digest":"abc","enable":1,"policy_in":"DROP"}');
      n.live('qemu', [liveEntry(200, 'stopped', { template: 1 })]);
      n.live('lxc', cts);
      const f = await gatherFacts(n.conn, spec);
      counts.push(n.conn.execs.length);
      assert.is(f.source, 'cli');
      assert.is(f.guests.size, size);
      const vm = f.guests.get('200')!;
      assert.equal([vm.type, vm.name, vm.status, vm.template, vm.config.cores, vm.snapshots], ['qemu', 'vm200', 'stopped', true, '2', ['base', 'final-form']]);
      assert.equal(vm.firewall, { options: { enable: '1', policy_in: 'DROP' }, rules: ['type=in action=ACCEPT enable=1 proto=tcp dport=22 comment=ssh', 'type=out action=DROP enable=0'] });
      if (size > 1) {
        const ct = f.guests.get('101')!;
        assert.equal([ct.type, ct.name, ct.status, ct.lock, ct.snapshots, ct.firewall], ['lxc', 'ct101', 'running', 'backup', [], { options: {}, rules: [] }]);
        assert.equal([ct.description, ct.config.description], ['first\nsecond café', undefined], 'the description key goes where the file\'s # lines go');
      }
      const perGuest = n.calls().filter((c) => !/^pvesh get (\/cluster\/resources|\/nodes\/pve\/(lxc|qemu)) /.test(c));
      assert.is(perGuest.length, 4 * size, 'config, listsnapshot, firewall rules and options of each guest; no status (the list has it)');
      assert.ok(perGuest.includes('pvesh get /nodes/pve/qemu/200/firewall/options --output-format json'), perGuest.join('\n'));
    } finally { n.cleanup(); }
  }
  assert.equal(counts, [2, 2]);
});

test('CLI only: the node name and vmids are arguments, never script text', async () => {
  const n = fakeNode();
  try {
    const evil = `pve$(touch ${n.dir}/pwned)'"`;
    const spec = node('pve', { pveRoot: join(n.dir, 'nonexistent'), imageDir: n.imageDir, pveNode: evil });
    n.guest('lxc', '100', 'hostname: ct100\n');
    n.live('lxc', [liveEntry(100, 'running', { type: 'lxc' })]);
    const f = await gatherFacts(n.conn, spec);
    assert.is(existsSync(join(n.dir, 'pwned')), false);
    assert.is(f.guests.get('100')!.name, 'ct100');
    assert.ok(n.calls().includes(`pvesh get /nodes/${evil}/lxc/100/firewall/rules --output-format json`));
    assert.throws(() => cliArgv('pve', [{ vmid: '100;reboot', type: 'lxc', status: true, config: true }]), /not a vmid/);
  } finally { n.cleanup(); }
});

test('refreshGuest through the CLI: one exec; keep asks no status of a known guest, live does, a new one is found by kind, a gone one dropped', async () => {
  const n = fakeNode();
  try {
    const spec = node('pve', { pveRoot: join(n.dir, 'nonexistent'), imageDir: n.imageDir });
    n.guest('lxc', '100', 'hostname: ct100\nmemory: 512\n', { status: 'running' });
    n.live('lxc', [liveEntry(100, 'stopped', { type: 'lxc' })]);
    const facts = await gatherFacts(n.conn, spec);
    const step = async (fn: () => Promise<unknown>): Promise<{ execs: number; calls: string[] }> => {
      const e0 = n.conn.execs.length;
      const c0 = n.calls().length;
      await fn();
      return { execs: n.conn.execs.length - e0, calls: n.calls().slice(c0) };
    };
    n.guest('lxc', '100', 'hostname: ct100\nmemory: 1024\n', { snaps: SNAPS });
    const keep = await step(() => refreshGuest(n.conn, spec, facts, '100', 'keep'));
    assert.is(keep.execs, 1);
    assert.not.ok(keep.calls.some((c) => c.includes('status')), keep.calls.join('\n'));
    assert.equal([facts.guests.get('100')!.config.memory, facts.guests.get('100')!.status, facts.guests.get('100')!.snapshots], ['1024', 'stopped', ['base', 'final-form']]);
    const live = await step(() => refreshGuest(n.conn, spec, facts, '100', 'live'));
    assert.is(live.execs, 1);
    assert.ok(live.calls.includes('pct status 100'));
    assert.is(facts.guests.get('100')!.status, 'running');
    n.guest('qemu', '200', 'name: vm200\n', { status: 'running' });
    const found = await step(() => refreshGuest(n.conn, spec, facts, '200', 'keep'));
    assert.is(found.execs, 1);
    assert.equal(found.calls.slice(0, 2), ['pct status 200', 'qm status 200']);
    assert.equal([facts.guests.get('200')!.type, facts.guests.get('200')!.status, facts.guests.get('200')!.name], ['qemu', 'running', 'vm200']);
    rmSync(join(n.dir, 'state/lxc/100.conf'));
    assert.is(await refreshGuest(n.conn, spec, facts, '100', 'keep'), undefined);
    assert.is(facts.guests.has('100'), false);
    assert.is(await refreshGuest(n.conn, spec, facts, '999', 'live'), undefined);
    assert.is(facts.source, 'cli');
  } finally { n.cleanup(); }
});

test('refreshGuest after a destroy: the node dir is there, the config file is not -> gone, one exec, no CLI read', async () => {
  const n = fakeNode();
  try {
    const spec = node('pve', { pveRoot: n.pveRoot, imageDir: n.imageDir });
    mkdirSync(join(n.pveRoot, 'nodes/pve/lxc'), { recursive: true });
    const facts = await gatherFacts(n.conn, spec);
    facts.guests.set('950', { vmid: '950', type: 'lxc', node: 'pve', status: 'stopped', template: false, config: {}, rawLxc: [], pending: {}, snapshots: [], description: '' });
    const e0 = n.conn.execs.length;
    const g = await refreshGuest(n.conn, spec, facts, '950', 'keep');
    assert.is(n.conn.execs.length - e0, 1, 'only the file read');
    assert.is(g, undefined);
    assert.not.ok(facts.guests.has('950'));
    assert.is(facts.source, 'files');
  } finally { n.cleanup(); }
});

test('refreshGuest from files: no node config dir under pveRoot -> the CLI, and the CLI from then on', async () => {
  const n = fakeNode();
  try {
    const spec = node('pve', { pveRoot: n.pveRoot, imageDir: n.imageDir });
    const facts = await gatherFacts(n.conn, spec);
    assert.is(facts.source, 'files');
    n.guest('lxc', '950', 'hostname: ct950\n', { status: 'stopped' });
    const e0 = n.conn.execs.length;
    const g = await refreshGuest(n.conn, spec, facts, '950', 'live');
    assert.is(n.conn.execs.length - e0, 2, 'the file read, then one CLI read');
    assert.equal([g?.type, g?.name, g?.status], ['lxc', 'ct950', 'stopped']);
    assert.is(facts.source, 'cli');
  } finally { n.cleanup(); }
});

test('parsers: sections back by vmid, a cut-off output refused, listsnapshot names, the state read\'s sections', () => {
  const out = '\x1estatus lxc 100\nstatus: running\n\x1f0\n\x1econfig lxc 100\nhostname: a\n\x1f0\n\x1econfig qemu 200\n\x1f255\n\x1edone\n\x1f0\n';
  const r = parseCliRead(out)!;
  assert.equal(r.get('100'), { type: 'lxc', status: { body: 'status: running\n', status: '0' }, config: { body: 'hostname: a\n', status: '0' } });
  assert.equal(r.get('200'), { type: 'qemu', config: { body: '', status: '255' } });
  assert.is(parseCliRead(out.slice(0, out.indexOf('\x1edone'))), undefined);
  assert.equal(parseListSnapshot(`${SNAPS}\`-> current                    You are here!\n`), ['base', 'final-form']);
  const read = splitConfigs('\x1eimages\nb.img\na.img\n\x1f0\n\x1elxc/100.conf\nhostname: x\x1f0\n\x1elist-lxc\n[]\n\x1f0\n\x1edone\n\x1f0\n');
  assert.equal([read.images, read.configs.get('100')?.text, read.lists.lxc, read.complete], [['a.img', 'b.img'], 'hostname: x', { body: '[]\n', status: '0' }, true]);
  assert.equal([splitConfigs('\x1eimages\n\x1f0\n').images, splitConfigs('\x1eimages\n\x1f0\n').complete], [[], false]);
});

test.run();
