// Shared guest tasks: disk grow, firewall, application script — facts in, commands out.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appTask } from '../../src/tasks/app-script.js';
import { diskTask } from '../../src/tasks/disk.js';
import { firewallTask } from '../../src/tasks/firewall.js';
import { factsFrom, recorder } from '../helpers/facts.js';

const disk = diskTask('lxc');
const fw = firewallTask('lxc');
const app = appTask('lxc');

test('disk: grows (8G -> 16G), equal sizes in other units are equal (16384M), never shrinks and says so', async () => {
  const facts = factsFrom({ '950': { config: { rootfs: 'local-lvm:vm-950-disk-0,size=8G' } } });
  const ctx = recorder(facts);
  await disk.apply(ctx, { vmid: '950', disk: 'rootfs', sizeGb: 16 });
  assert.equal(ctx.calls, [['pct', 'resize', '950', 'rootfs', '16G']]);
  assert.is(disk.check(factsFrom({ '950': { config: { rootfs: 'x:y,size=16384M' } } }), { vmid: '950', disk: 'rootfs', sizeGb: 16 }).kind, 'none');
  const big = disk.check(factsFrom({ '950': { config: { rootfs: 'x:y,size=32G' } } }), { vmid: '950', disk: 'rootfs', sizeGb: 16 });
  assert.equal(big, { kind: 'none', detail: 'rootfs is 32G, larger than the configured 16G: disks are never shrunk' });
});

const rules = [{ type: 'in' as const, action: 'ACCEPT', proto: 'tcp', port: '22', source: '10.0.0.0/24', comment: 'ssh' }];

test('firewall absent: rules created, then the firewall enabled', async () => {
  const facts = factsFrom({ '950': {} });
  const ctx = recorder(facts);
  await fw.apply(ctx, { vmid: '950', pveNode: 'pve', enabled: true, rules });
  assert.equal(ctx.calls, [
    ['pvesh', 'create', '/nodes/pve/lxc/950/firewall/rules', '--type', 'in', '--action', 'ACCEPT', '--enable', '1', '--proto', 'tcp', '--dport', '22', '--source', '10.0.0.0/24', '--comment', 'ssh', '--pos', '0'],
    ['pvesh', 'set', '/nodes/pve/lxc/950/firewall/options', '--enable', '1'],
  ]);
  assert.is(fw.check(facts, { vmid: '950', pveNode: 'pve', enabled: true, rules }).kind, 'none');
});

test('firewall changed: the new rules are inserted before the stale ones are deleted (never a window without rules)', async () => {
  const facts = factsFrom({ '950': { firewall: { options: { enable: '1' }, rules: ['type=in action=ACCEPT enable=1 proto=tcp dport=80', 'type=in action=DROP enable=1'] } } });
  const ctx = recorder(facts);
  await fw.apply(ctx, { vmid: '950', pveNode: 'pve', enabled: true, rules });
  assert.equal(ctx.calls.map((c) => `${c[1]} ${c[2]}`), ['create /nodes/pve/lxc/950/firewall/rules', 'delete /nodes/pve/lxc/950/firewall/rules/2', 'delete /nodes/pve/lxc/950/firewall/rules/1']);
});

test('application script: run with argv [path, id], recorded by hash; bounded attempts; present -> nothing', async () => {
  const hash = '0123456789abcdef'.repeat(4);
  const p = { vmid: '103', kind: 'lxc' as const, file: 'ca.sh', script: 'apps/ca.sh', sha256: hash, attempts: 2 };
  const facts = factsFrom({ '103': { status: 'running', config: { tags: 'phoenix' } } });
  const bad = recorder(facts, { 'pct exec 103 -- /var/lib/phoenix/apps/ca.sh': { code: 1, stderr: 'not yet' } });
  try { await app.apply(bad, p); assert.unreachable(); } catch (e) { assert.match((e as Error).message, /ca\.sh failed in CT 103 after 2 attempt\(s\): exit 1: not yet/); }
  const ctx = recorder(facts);
  await app.apply(ctx, p);
  assert.equal(ctx.calls[1], ['pct', 'exec', '103', '--', '/var/lib/phoenix/apps/ca.sh', '103']);
  assert.equal(ctx.calls[2], ['pct', 'set', '103', '--tags', 'phoenix;phx-a-01234567']);
  assert.is(app.check(facts, p).kind, 'none');
});

test.run();
