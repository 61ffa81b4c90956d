// An LXC estate converged by Phoenix over SSH on the real Proxmox VE node (../shared/tools/realpve): a template CT
// with a feature and a snapshot, two clones of it (951 depends on 950), a mount point and a firewall rule. Then what a
// real node does differently from our simulators: the second LetsGo (zero mutating calls, counted from the node's
// audit log), --check, stop and start at once, a value PVE keeps pending on a running CT, a failing feature, delete.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unwrapBounded } from '../helpers/bounded.js';
import {
  costLine, currentSection, openGate, through, guestConf, isMutating, lines, liveStatus, liveStatuses, makeRealEstate, onNode,
  pendingSection, RPVE, wipeGuests, type AuditCall, type Gate, type RealEstate, type RealNode,
} from '../helpers/realpve.js';

const CTS = ['900', '950', '951'];
const MARKER = '#!/bin/sh\nset -eu\nmkdir -p /etc/phoenix\necho "ran $(basename "$0")" >> /etc/phoenix/features.log\n';
const BROKEN = '#!/bin/sh\necho "broken: cannot configure the widget" >&2\nexit 3\n';

const ct = (id: string, ip: string, extra: Record<string, unknown>): Record<string, unknown> => ({
  name: `rp${id}`, memory_mb: 256, cores: 1, storage_pool: RPVE.storage, storage_size_gb: 1, unprivileged: true,
  network_config: { name: 'eth0', bridge: RPVE.bridge, ip: `${ip}/24`, gw: '10.99.0.1' }, ...extra,
});

function lxcFile(over: { nameserver950?: string; features951?: string[] } = {}): Record<string, unknown> {
  return { lxc_configs: {
    '900': ct('900', '10.99.0.90', { template: RPVE.template, features: ['marker'], template_snapshot_name: 'base', start_at_boot: false }),
    '950': ct('950', '10.99.0.50', {
      clone_from_ctid: '900', start_at_boot: true, boot_order: 1,
      network_config: { name: 'eth0', bridge: RPVE.bridge, ip: '10.99.0.50/24', gw: '10.99.0.1', nameservers: over.nameserver950 ?? '10.99.0.1' },
      firewall: { enabled: true, rules: [{ type: 'in', action: 'ACCEPT', proto: 'tcp', port: '22', source: '10.99.0.0/24', comment: 'ssh' }] },
    }),
    '951': ct('951', '10.99.0.51', {
      clone_from_ctid: '900', dependencies: ['950'], start_at_boot: true, boot_order: 2, features: over.features951 ?? ['marker'],
      zfs_volumes: [{ name: 'data', pool: RPVE.storage, size_gb: 1, mount_point: '/data' }],
    }),
  } };
}

let node: RealNode | undefined;
let gate: Gate = {};
let e: RealEstate;
const costs: string[] = [];
const t0 = Date.now();

/** A run, its audit-log lines recorded under `label`. */
async function measured(label: string, ...argv: string[]): Promise<{ code: number; out: string; calls: AuditCall[] }> {
  const { r, calls, ms } = await e.during(...argv);
  costs.push(costLine(`${label} (phoenix ${argv.join(' ')})`, calls, ms));
  return { code: r.code, out: r.stdout + r.stderr, calls };
}

const show = (calls: readonly AuditCall[]): string => lines(calls.filter(isMutating)).join('\n') || '(none)';
const inCt = async (id: string, ...argv: string[]): Promise<string> => (await onNode(node!, 'pct', 'exec', id, '--', ...argv)).stdout;

test.before(async () => {
  gate = await openGate(async (n) => {
    node = n;
    await wipeGuests(node, [...CTS].reverse(), []);
    e = makeRealEstate(node, {
      lxc: lxcFile(),
      vm: { vm_defaults: { cores: 1, memory_mb: 512, disk_size_gb: 1, storage_pool: RPVE.storage, network_bridge: RPVE.bridge }, vms: [] },
      scripts: { features: [] },
      rawFiles: { 'scripts/features/marker.sh': MARKER, 'scripts/features/broken.sh': BROKEN },
    });
  });
});

test.after(async () => {
  if (node) console.log(`\nrealpve LXC suite on node ${node.name} (127.0.0.1:${node.port}), ${((Date.now() - t0) / 1000).toFixed(1)}s:\n  ${costs.join('\n  ')}`);
  if (node && !process.env.RPVE_KEEP) await wipeGuests(node, [...CTS].reverse(), []).catch((err: unknown) => console.log(`cleanup: ${String(err)}`));
  e?.cleanup();
});

test('LetsGo builds the estate: template CT with feature and snapshot, two clones, mount point, firewall; all running', async () => {
  if (!through(gate) || !node) return;
  const r = await measured('LetsGo (first)', 'LetsGo');
  assert.is(r.code, 0, r.out);
  const sent = lines(r.calls);
  const at = (prefix: string): number => sent.findIndex((l) => l.startsWith(prefix));
  assert.ok(at('pct create 900 ') >= 0, sent.join('\n'));
  assert.ok(at('pct snapshot 900 base') > at('pct exec 900'), 'the snapshot is taken after the feature ran');
  assert.ok(at('pct clone 900 950 ') > at('pct snapshot 900 base'), 'clones come from the snapshot');
  assert.ok(at('pct clone 900 951 ') > at('pct clone 900 950 '), '951 depends on 950: created after it');
  const conf900 = (await guestConf(node, 'lxc', '900')) ?? '';
  assert.match(conf900, /^\[base\]$/m);
  const conf951 = currentSection((await guestConf(node, 'lxc', '951')) ?? '');
  assert.match(conf951, /^mp0: local-btrfs:951\/[^,]+,mp=\/data,.*size=1G/m);
  const fw = await onNode(node, 'pve-enter', 'cat', `/etc/pve/firewall/950.fw`);
  assert.match(fw.stdout, /^enable: 1$/m, fw.stdout + fw.stderr);
  assert.match(fw.stdout, /^IN ACCEPT .*-source 10\.99\.0\.0\/24.*-p tcp.*-dport 22/m, fw.stdout);
  assert.match(currentSection((await guestConf(node, 'lxc', '950')) ?? ''), /^net0: .*firewall=1/m);
  assert.is(await inCt('900', 'cat', '/etc/phoenix/features.log'), 'ran marker.sh\n');
  assert.is(await inCt('951', 'cat', '/etc/phoenix/features.log'), 'ran marker.sh\n', "the clone has the template's feature; it is not run again");
  assert.equal(await liveStatuses(node, 'pct', CTS), { 900: 'running', 950: 'running', 951: 'running' });
});

test('LetsGo again, at once: zero mutating calls on the node', async () => {
  if (!through(gate) || !node) return;
  const r = await measured('LetsGo (second)', 'LetsGo');
  assert.is(r.code, 0, r.out);
  assert.equal(lines(r.calls.filter(isMutating)), [], `mutating calls of a no-op LetsGo:\n${show(r.calls)}\n${r.out}`);
});

test('--check after the converge exits 0 and sends nothing mutating', async () => {
  if (!through(gate) || !node) return;
  const r = await measured('LetsGo --check', 'LetsGo', '--check');
  assert.is(r.code, 0, r.out);
  assert.equal(lines(r.calls.filter(isMutating)), []);
});

test('stop 950 then start 950 at once: 950 is running; so after a pct stop behind Phoenix\'s back', async () => {
  if (!through(gate) || !node) return;
  const stop = await measured('stop 950', 'stop', '950');
  assert.is(stop.code, 0, stop.out);
  assert.is(await liveStatus(node, 'pct', '950'), 'stopped', `after phoenix stop 950:\n${stop.out}\n${show(stop.calls)}`);
  const start = await measured('start 950', 'start', '950');
  assert.is(start.code, 0, start.out);
  assert.is(await liveStatus(node, 'pct', '950'), 'running', `after phoenix start 950:\n${start.out}\n${show(start.calls)}`);
  // stopped behind Phoenix's back (the side door), then started by Phoenix at once
  assert.is((await onNode(node, 'pct', 'stop', '950')).code, 0);
  const again = await measured('start 950 (after pct stop)', 'start', '950');
  assert.is(again.code, 0, again.out);
  assert.is(await liveStatus(node, 'pct', '950'), 'running', `after pct stop 950; phoenix start 950:\n${again.out}\n${show(again.calls)}`);
});

test('pending: a nameserver change on running 950 is sent once, PVE keeps it pending, the second reconfigure sends nothing', async () => {
  if (!through(gate) || !node) return;
  assert.is(await liveStatus(node, 'pct', '950'), 'running', 'precondition');
  e.write('lxc', lxcFile({ nameserver950: '10.99.0.53' }));
  const first = await measured('reconfigure 950 (nameserver)', 'reconfigure', '950');
  assert.is(first.code, 0, first.out);
  assert.ok(lines(first.calls).some((l) => /^pct set 950 .*--nameserver 10\.99\.0\.53/.test(l)), show(first.calls));
  // real PVE: nameserver is not hot-pluggable on a running CT (pve-container PVE/LXC/Config.pm vmconfig_hotplug_pending)
  const conf = (await guestConf(node, 'lxc', '950')) ?? '';
  assert.match(pendingSection(conf), /^nameserver: 10\.99\.0\.53$/m, conf);
  const second = await measured('reconfigure 950 (again)', 'reconfigure', '950');
  assert.is(second.code, 0, second.out);
  assert.equal(lines(second.calls.filter(isMutating)), [], `the pending nameserver was sent again:\n${show(second.calls)}`);
  assert.match(second.out, /nameserver[^\n]*pending/, `the second run does not say the nameserver waits for a restart:\n${second.out}`);
  const check = await measured('reconfigure 950 --check (pending)', 'reconfigure', '950', '--check');
  assert.is(check.code, 0, `--check: a value already sent and pending is not a change to make:\n${check.out}`);
  assert.match(check.out, /nameserver[^\n]*pending/, check.out);
});

test('a failing feature: exit 1 naming the feature and CT with its stderr; the next run tries again; fixed, it converges', async () => {
  if (!through(gate) || !node) return;
  e.write('lxc', lxcFile({ nameserver950: '10.99.0.53', features951: ['marker', 'broken'] }));
  const first = await measured('reconfigure 951 (failing feature)', 'reconfigure', '951');
  assert.is(first.code, 1, first.out);
  assert.match(first.out, /feature broken in CT 951/, first.out);
  assert.match(first.out, /cannot configure the widget/, first.out);
  assert.match(first.out, /exit(?: code|ed)?:? 3|code 3|\(3\)/i, `the script's exit code 3 is not reported:\n${first.out}`);
  assert.not.match(currentSection((await guestConf(node, 'lxc', '951')) ?? ''), /^tags: .*broken/m, 'a failed feature is not recorded');
  const again = await measured('reconfigure 951 (failing again)', 'reconfigure', '951');
  assert.is(again.code, 1, again.out);
  assert.ok(lines(again.calls).map(unwrapBounded).some((l) => l === 'pct exec 951 -- /var/lib/phoenix/features/broken.sh'), `not run again:\n${show(again.calls)}`);
  writeFileSync(join(e.scriptsDir, 'features', 'broken.sh'), '#!/bin/sh\necho fixed >> /etc/phoenix/features.log\n');
  const fixed = await measured('reconfigure 951 (fixed feature)', 'reconfigure', '951');
  assert.is(fixed.code, 0, fixed.out);
  assert.is(await inCt('951', 'cat', '/etc/phoenix/features.log'), 'ran marker.sh\nfixed\n');
  const after = await measured('reconfigure 951 (after the fix)', 'reconfigure', '951');
  assert.is(after.code, 0, after.out);
  assert.equal(lines(after.calls.filter(isMutating)), [], show(after.calls));
});

test('delete 951 950 900: all gone (running ones stopped first); the second delete sends nothing', async () => {
  if (!through(gate) || !node) return;
  const first = await measured('delete (first)', 'delete', '951', '950', '900');
  assert.is(first.code, 0, first.out);
  assert.equal(await liveStatuses(node, 'pct', CTS), { 900: 'absent', 950: 'absent', 951: 'absent' }, `${first.out}\n${show(first.calls)}`);
  const sent = lines(first.calls.filter(isMutating));
  assert.ok(sent.indexOf('pct destroy 951 --purge 1') < sent.indexOf('pct destroy 900 --purge 1'), `dependants first:\n${sent.join('\n')}`);
  const second = await measured('delete (second)', 'delete', '951', '950', '900');
  assert.is(second.code, 0, second.out);
  assert.equal(lines(second.calls.filter(isMutating)), []);
});

test.run();
