// The guest state read against a real shell and fake pvesh/pct/qm on PATH: what it reads, and in how many execs.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** pvesh (resources, guest firewall), pct and qm (config, listsnapshot, status) served from files of `<state>`; every call logged. */
const TOOL = (state: string): string => `#!/bin/sh
s='${state}'; t=\${0##*/}; printf '%s\\n' "$t $*" >> "$s/log"
case $t in
pvesh)
  case $2 in
    /cluster/resources) cat "$s/resources.json"; exit 0 ;;
  esac
  id=$(printf '%s' "$2" | sed 's#/firewall/.*##; s#.*/##')
  case $2 in
    */firewall/rules) if [ -f "$s/fw/$id.rules" ]; then cat "$s/fw/$id.rules"; else echo '[]'; fi; exit 0 ;;
    */firewall/options) if [ -f "$s/fw/$id.options" ]; then cat "$s/fw/$id.options"; else echo '{}'; fi; exit 0 ;;
  esac
  echo "no 'get' handler for '$2'" >&2; exit 255 ;;
esac
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
  dir: string; pveRoot: string; imageDir: string;
  conn: Connection & { execs: string[][] };
  /** Tool calls made on the node (`pct config 100`, …), from the fakes' log. */
  calls(): string[];
  guest(kind: 'lxc' | 'qemu', vmid: string, conf: string, extra?: { status?: string; snaps?: string }): void;
  resources(list: Record<string, unknown>[]): void;
  cleanup(): void;
}

function fakeNode(): Node {
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-facts-'));
  const state = join(dir, 'state');
  const bin = join(dir, 'bin');
  for (const d of [bin, `${state}/lxc`, `${state}/qemu`, `${state}/fw`]) mkdirSync(d, { recursive: true });
  for (const t of ['pvesh', 'pct', 'qm']) writeFileSync(join(bin, t), TOOL(state), { mode: 0o755 });
  writeFileSync(`${state}/resources.json`, '[]');
  writeFileSync(`${state}/log`, '');
  const local = createLocalConnection('pve', { PATH: `${bin}:/usr/bin:/bin` });
  const execs: string[][] = [];
  const conn = { node: 'pve', execs, close: async () => undefined, exec: (argv: readonly string[]) => { execs.push([...argv]); return local.exec(argv); } };
  return {
    dir, pveRoot: join(dir, 'etc/pve'), imageDir: join(dir, 'images'), conn,
    calls: () => readFileSync(`${state}/log`, 'utf8').split('\n').filter(Boolean),
    guest(kind, vmid, conf, extra = {}) {
      writeFileSync(`${state}/${kind}/${vmid}.conf`, conf);
      if (extra.status) writeFileSync(`${state}/${kind}/${vmid}.status`, extra.status);
      if (extra.snaps) writeFileSync(`${state}/${kind}/${vmid}.snaps`, extra.snaps);
    },
    resources: (list) => writeFileSync(`${state}/resources.json`, JSON.stringify(list)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const res = (vmid: number, type: 'lxc' | 'qemu', status = 'running', extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ id: `${type}/${vmid}`, vmid, type, node: 'pve', status, template: 0, ...extra });

/** `listsnapshot` as GuestHelpers.pm `print_snapshot_tree` prints it. */
const SNAPS = '`-> base                           2025-01-01 10:00:00     no-description\n `-> final-form                    2025-01-02 10:00:00     no-description\n';

test('files: configs, firewall files and image names in one exec next to the resource list (2 execs)', async () => {
  const n = fakeNode();
  try {
    const spec = node('pve', { pveRoot: n.pveRoot, imageDir: n.imageDir });
    mkdirSync(join(n.pveRoot, 'nodes/pve/lxc'), { recursive: true });
    mkdirSync(join(n.pveRoot, 'nodes/pve/qemu-server'), { recursive: true });
    mkdirSync(join(n.pveRoot, 'firewall'), { recursive: true });
    mkdirSync(join(n.imageDir, 'a-directory'), { recursive: true });
    writeFileSync(join(n.pveRoot, 'nodes/pve/lxc/100.conf'), '#caf%C3%A9\nhostname: ct100\nmemory: 512\n\n[final-form]\nmemory: 256\n');
    writeFileSync(join(n.pveRoot, 'nodes/pve/qemu-server/200.conf'), 'name: vm200\ncores: 2\n');
    writeFileSync(join(n.pveRoot, 'firewall/100.fw'), '[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -p tcp -dport 22 # ssh\n');
    for (const f of ['ubuntu-24.04-server-cloudimg-amd64.img', 'debian 12.qcow2', 'alpine.raw']) writeFileSync(join(n.imageDir, f), 'x');
    n.resources([res(100, 'lxc'), res(200, 'qemu', 'stopped', { template: 1 }), { ...res(300, 'lxc'), node: 'pve2' }]);
    const f = await gatherFacts(n.conn, spec);
    assert.is(n.conn.execs.length, 2, n.conn.execs.map((a) => a.join(' ')).join('\n'));
    assert.equal(n.calls(), ['pvesh get /cluster/resources --type vm --output-format json']);
    assert.is(f.source, 'files');
    assert.equal(f.images, ['alpine.raw', 'debian 12.qcow2', 'ubuntu-24.04-server-cloudimg-amd64.img'], 'regular files only, names only');
    assert.equal([...f.guests.keys()].sort(), ['100', '200']);
    assert.equal(f.elsewhere, new Map([['300', 'pve2']]));
    const ct = f.guests.get('100')!;
    assert.equal([ct.name, ct.status, ct.config.memory, ct.snapshots, ct.description], ['ct100', 'running', '512', ['final-form'], 'café']);
    assert.equal(ct.firewall, { options: { enable: '1' }, rules: ['type=in action=ACCEPT enable=1 proto=tcp dport=22 comment=ssh'] });
    assert.equal([f.guests.get('200')!.template, f.guests.get('200')!.status], [true, 'stopped']);
  } finally { n.cleanup(); }
});

test('files: a missing image dir lists no image; config files the resource list does not show yet cost ONE exec for their status', async () => {
  const n = fakeNode();
  try {
    const spec = node('pve', { pveRoot: n.pveRoot, imageDir: join(n.dir, 'no-such-dir') });
    mkdirSync(join(n.pveRoot, 'nodes/pve/lxc'), { recursive: true });
    mkdirSync(join(n.pveRoot, 'nodes/pve/qemu-server'), { recursive: true });
    for (const id of ['101', '102', '103']) {
      writeFileSync(join(n.pveRoot, `nodes/pve/lxc/${id}.conf`), `hostname: ct${id}\n`);
      n.guest('lxc', id, `hostname: ct${id}\n`, { status: id === '102' ? 'running' : 'stopped' });
    }
    writeFileSync(join(n.pveRoot, 'nodes/pve/qemu-server/201.conf'), 'name: vm201\n');
    n.guest('qemu', '201', 'name: vm201\n', { status: 'running' });
    const f = await gatherFacts(n.conn, spec);
    assert.equal(f.images, []);
    assert.is(n.conn.execs.length, 3, 'resource list, files, one status batch');
    assert.equal(n.calls().slice(1).sort(), ['pct status 101', 'pct status 102', 'pct status 103', 'qm status 201']);
    assert.equal(Object.fromEntries([...f.guests].map(([id, g]) => [id, `${g.type} ${g.status}`])),
      { 101: 'lxc stopped', 102: 'lxc running', 103: 'lxc stopped', 201: 'qemu running' });
  } finally { n.cleanup(); }
});

test('CLI only: N guests read in a fixed number of execs (3, whatever N), into the same facts as the files give', async () => {
  const counts: number[] = [];
  for (const size of [1, 4]) {
    const n = fakeNode();
    try {
      const spec = node('pve', { pveRoot: join(n.dir, 'nonexistent/etc/pve'), imageDir: n.imageDir });
      const list = [res(200, 'qemu', 'stopped', { template: 1 })];
      n.guest('qemu', '200', 'name: vm200\ncores: 2\ntemplate: 1\n', { snaps: SNAPS });
      for (let i = 1; i < size; i++) {
        n.guest('lxc', String(100 + i), `description: first%0Asecond caf%C3%A9\nhostname: ct${100 + i}\nmemory: 512\nlock: backup\n`);
        list.push(res(100 + i, 'lxc'));
      }
      writeFileSync(join(n.dir, 'state/fw/200.rules'), JSON.stringify([
        { pos: 1, type: 'out', action: 'DROP', enable: 0, digest: 'd' }, { pos: 0, type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '22', enable: 1, comment: 'ssh', digest: 'd' },
      ]));
      writeFileSync(join(n.dir, 'state/fw/200.options'), '{"digest":"abc","enable":1,"policy_in":"DROP"}');
      n.resources(list);
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
      const perGuest = n.calls().filter((c) => !c.includes('/cluster/resources'));
      assert.is(perGuest.length, 4 * size, 'config, listsnapshot, firewall rules and options of each guest; no status (the list has it)');
      assert.ok(perGuest.includes('pvesh get /nodes/pve/qemu/200/firewall/options --output-format json'), perGuest.join('\n'));
    } finally { n.cleanup(); }
  }
  assert.equal(counts, [3, 3]);
});

test('CLI only: the node name and vmids are arguments, never script text', async () => {
  const n = fakeNode();
  try {
    const evil = `pve$(touch ${n.dir}/pwned)'"`;
    const spec = node('pve', { pveRoot: join(n.dir, 'nonexistent'), imageDir: n.imageDir, pveNode: evil });
    n.guest('lxc', '100', 'hostname: ct100\n');
    n.resources([{ ...res(100, 'lxc'), node: evil }]);
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
    n.resources([res(100, 'lxc', 'stopped')]);
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

test('refreshGuest from files: no config file under pveRoot -> the CLI, and the CLI from then on', async () => {
  const n = fakeNode();
  try {
    const spec = node('pve', { pveRoot: n.pveRoot, imageDir: n.imageDir });
    mkdirSync(join(n.pveRoot, 'nodes/pve/lxc'), { recursive: true });
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

test('parsers: sections back by vmid, a cut-off output refused, listsnapshot names, image section', () => {
  const out = '\x1estatus lxc 100\nstatus: running\n\x1f0\n\x1econfig lxc 100\nhostname: a\n\x1f0\n\x1econfig qemu 200\n\x1f255\n\x1edone\n\x1f0\n';
  const r = parseCliRead(out)!;
  assert.equal(r.get('100'), { type: 'lxc', status: { body: 'status: running\n', status: '0' }, config: { body: 'hostname: a\n', status: '0' } });
  assert.equal(r.get('200'), { type: 'qemu', config: { body: '', status: '255' } });
  assert.is(parseCliRead(out.slice(0, out.indexOf('\x1edone'))), undefined);
  assert.equal(parseListSnapshot(`${SNAPS}\`-> current                    You are here!\n`), ['base', 'final-form']);
  assert.equal(splitConfigs('\x1eimages\nb.img\na.img\n\x1elxc/100.conf\nhostname: x\n').images, ['a.img', 'b.img']);
  assert.equal(splitConfigs('\x1eimages\n').images, []);
});

test.run();
