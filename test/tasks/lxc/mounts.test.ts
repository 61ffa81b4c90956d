import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lxcMounts, type MountsParams } from '../../../src/tasks/lxc/mounts.js';
import { factsFrom, recorder } from '../../helpers/facts.js';

const p: MountsParams = {
  vmid: '801', unprivileged: true,
  mounts: [
    { mp: '/vllm_models', kind: 'volume', storage: 'fastData', sizeGb: 50 },
    { mp: '/var/log/nginx', kind: 'bind', hostPath: '/mnt/pve/logs/101', owner: { uid: 33, gid: 33 } },
  ],
};

test('absent: one volume allocated and one bind added, the bind dir created with the shifted owner', async () => {
  const facts = factsFrom({ '801': { config: { mp0: '/other,mp=/srv/other' } } });
  const ctx = recorder(facts);
  await lxcMounts.apply(ctx, p);
  assert.equal(ctx.calls.slice(0, 3), [
    ['mkdir', '-p', '/mnt/pve/logs/101'],
    ['chown', '100033:100033', '/mnt/pve/logs/101'],
    ['pct', 'set', '801', '--mp1', 'fastData:50,mp=/vllm_models', '--mp2', '/mnt/pve/logs/101,mp=/var/log/nginx'],
  ]);
});

test('present (any mpN index): matched by mount path, nothing allocated again — the original allocated on every run', () => {
  const facts = factsFrom({ '801': { config: {
    mp3: 'fastData:subvol-801-disk-1,mp=/vllm_models,size=50G',
    mp0: '/mnt/pve/logs/101,mp=/var/log/nginx',
  } } });
  assert.equal(lxcMounts.check(facts, p), { kind: 'none' });
});

test('volume smaller than configured: grown in place, never re-allocated', async () => {
  const facts = factsFrom({ '801': { config: { mp0: 'fastData:subvol-801-disk-1,mp=/vllm_models,size=20G', mp1: '/mnt/pve/logs/101,mp=/var/log/nginx' } } });
  const ctx = recorder(facts);
  await lxcMounts.apply(ctx, p);
  assert.equal(ctx.calls[0], ['pct', 'resize', '801', 'mp0', '50G']);
  assert.ok(!ctx.calls.some((c) => c[1] === 'set'));
});

test('a bind pointing elsewhere is re-pointed at the same index', async () => {
  const facts = factsFrom({ '801': { config: { mp0: 'fastData:subvol-801-disk-1,mp=/vllm_models,size=50G', mp5: '/old/path,mp=/var/log/nginx' } } });
  const ctx = recorder(facts);
  await lxcMounts.apply(ctx, p);
  assert.ok(ctx.calls.some((c) => c.join(' ') === 'pct set 801 --mp5 /mnt/pve/logs/101,mp=/var/log/nginx'));
});

test.run();
