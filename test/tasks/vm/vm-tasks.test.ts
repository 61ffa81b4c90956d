// VM tasks: facts in, commands out (absent / present / different).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { VmCreateParams } from '../../../src/compile/vm-params.js';
import { vmAgent } from '../../../src/tasks/vm/agent.js';
import { vmConfig } from '../../../src/tasks/vm/config.js';
import { vmCreate } from '../../../src/tasks/vm/create.js';
import { vmTemplate } from '../../../src/tasks/vm/template.js';
import { vmVolumes, volumesHash } from '../../../src/tasks/vm/volumes.js';
import { factsFrom, recorder } from '../../helpers/facts.js';

const base: VmCreateParams = { vmid: '9000', cores: 2, memory: 2048, onboot: false, cloudinit: true, ipconfig0: 'ip=dhcp', name: 'tpl', storage: 'local-lvm', bridge: 'vmbr0', diskGb: 32, ciuser: 'phx', isTemplate: true, image: { file: 'noble.img', url: 'https://cloud-images.ubuntu.com/noble/current/noble.img' } };

test('template from an image present on the node: qm create with import-from, cloud-init drive and agent, then grow to disk_size_gb', async () => {
  const facts = factsFrom({});
  assert.is(vmCreate.check(facts, base).kind, 'create');
  const ctx = recorder(facts);
  await vmCreate.apply(ctx, base);
  assert.equal(ctx.calls[0], ['test', '-f', '/var/lib/vz/template/iso/noble.img']);
  const create = ctx.calls[1]!;
  assert.equal(create.slice(0, 3), ['qm', 'create', '9000']);
  assert.ok(create.includes('local-lvm:0,import-from=/var/lib/vz/template/iso/noble.img') && create.includes('local-lvm:cloudinit'));
  assert.equal(create.slice(create.indexOf('--agent'), create.indexOf('--agent') + 2), ['--agent', '1']);
  assert.equal(ctx.calls[2], ['qm', 'resize', '9000', 'scsi0', '32G']);
});

test('image absent: downloaded on the node (and said so); a failed download names the path it looked at', async () => {
  const ctx = recorder(factsFrom({}), { 'test -f': { code: 1 }, curl: { code: 22, stderr: 'curl: (22) 404' } });
  try { await vmCreate.apply(ctx, base); assert.unreachable(); } catch (e) {
    assert.match((e as Error).message, /cloud image \/var\/lib\/vz\/template\/iso\/noble\.img not found on pve, and downloading https:\/\/cloud-images\.ubuntu\.com\/noble\/current\/noble\.img failed/);
  }
  assert.match(ctx.logs.join('\n'), /is absent on pve: downloading/);
});

test('clone: qm clone --full; present: nothing', async () => {
  const ctx = recorder(factsFrom({}));
  await vmCreate.apply(ctx, { ...base, vmid: '1001', name: 'app', isTemplate: false, clone: { from: '9000' } });
  assert.equal(ctx.calls[0], ['qm', 'clone', '9000', '1001', '--name', 'app', '--full', '1']);
  assert.is(vmCreate.check(factsFrom({ '1001': { type: 'qemu' } }), { ...base, vmid: '1001' }).kind, 'none');
});

test('config: only what differs, then cloudinit update only when a cloud-init key changed', async () => {
  const p = { vmid: '1001', cores: 4, memory: 8192, onboot: true, cloudinit: true, ipconfig0: 'ip=10.0.0.5/24,gw=10.0.0.1' };
  const facts = factsFrom({ '1001': { type: 'qemu', config: { cores: '4', memory: '4096', onboot: '1', agent: '1', ipconfig0: 'gw=10.0.0.1,ip=10.0.0.5/24' } } });
  const ctx = recorder(facts);
  await vmConfig.apply(ctx, p);
  assert.equal(ctx.calls, [['qm', 'set', '1001', '--memory', '8192']]);
  const ctx2 = recorder(factsFrom({ '1001': { type: 'qemu', config: { cores: '4', memory: '8192', onboot: '1', agent: 'enabled=1', ipconfig0: 'ip=dhcp' } } }));
  await vmConfig.apply(ctx2, p);
  assert.equal(ctx2.calls, [['qm', 'set', '1001', '--ipconfig0', 'ip=10.0.0.5/24,gw=10.0.0.1'], ['qm', 'cloudinit', 'update', '1001']]);
});

test('template: converted once (a running VM is stopped first); a template is left alone', async () => {
  const facts = factsFrom({ '9000': { type: 'qemu', status: 'running' } });
  const ctx = recorder(facts);
  await vmTemplate.apply(ctx, { vmid: '9000' });
  assert.equal(ctx.calls.slice(0, 2), [['qm', 'stop', '9000'], ['qm', 'template', '9000']]);
  assert.is(vmTemplate.check(factsFrom({ '9000': { type: 'qemu', template: true } }), { vmid: '9000' }).kind, 'none');
});

test('agent wait: skipped when the VM did not change; staged (ping, then exec) and the timeout names its stage', async () => {
  const facts = factsFrom({ '1001': { type: 'qemu', status: 'running' } });
  const p = { vmid: '1001', pingTimeoutS: 0, execTimeoutS: 0, intervalMs: 1 };
  assert.is(vmAgent.check(facts, p, { changedBefore: false, check: false }).kind, 'none');
  const ctx = recorder(facts, { 'qm guest cmd': { code: 255, stderr: 'QEMU guest agent is not running' } });
  try { await vmAgent.apply(ctx, p); assert.unreachable(); } catch (e) { assert.match((e as Error).message, /stage 'ping' timed out after 0s: QEMU guest agent is not running/); }
  const ok = recorder(facts, { 'qm guest cmd': { code: 0 }, 'qm guest exec': { code: 0, stdout: '{"exitcode" : 0, "exited" : 1}' } });
  await vmAgent.apply(ok, p);
  assert.equal(ok.calls.map((c) => c.slice(0, 3).join(' ')), ['qm guest cmd', 'qm guest exec']);
});

test('NFS volumes: values are $1/$2 of a fixed script in the guest; recorded; present -> nothing', async () => {
  const volumes = [{ type: 'nfs' as const, name: 'd', server: '10.0.0.13', path: '/export/a', mount_point: '/data' }];
  const facts = factsFrom({ '1001': { type: 'qemu', status: 'running' } });
  const ctx = recorder(facts, { 'qm guest exec': { code: 0, stdout: '{"exitcode":0,"exited":1}' } });
  await vmVolumes.apply(ctx, { vmid: '1001', volumes });
  assert.equal(ctx.calls[0]!.slice(-3), ['phoenix-nfs', '10.0.0.13:/export/a', '/data']);
  assert.equal(ctx.calls[1], ['qm', 'set', '1001', '--tags', `phx-v-${volumesHash(volumes)}`]);
  assert.is(vmVolumes.check(facts, { vmid: '1001', volumes }).kind, 'none');
});

test.run();
