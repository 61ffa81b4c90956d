// vm.volumes: NFS mounts in the guest via the agent, values as $1/$2 of a fixed script; recorded as a tag.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MOUNT_NFS, vmVolumes, volumesHash } from '../../../src/tasks/vm/volumes.js';
import { argvs, factsFrom, planOf } from '../../helpers/facts.js';

const volumes = [
  { type: 'nfs' as const, name: 'd', server: '10.0.0.13', path: '/export/a', mount_point: '/data' },
  { type: 'nfs' as const, name: 'e', server: 'nas', path: '/export/b', mount_point: '/etc/step-ca/certs' },
];
const tag = `phx-v-${volumesHash(volumes)}`;

test('not recorded: one guest exec per volume (fixed script, judged by the agent), then the record among the other tags', () => {
  const facts = factsFrom({ '1001': { type: 'qemu', status: 'running', config: { tags: 'phoenix;phx-v-00000000' } } });
  const plan = planOf(vmVolumes, facts, { vmid: '1001', volumes });
  assert.is(plan.change.kind, 'run');
  const [a, b, set] = plan.commands;
  assert.is(plan.commands.length, 3);
  for (const [c, v] of [[a!, volumes[0]!], [b!, volumes[1]!]] as const) {
    assert.equal(c.argv.slice(0, 4), ['qm', 'guest', 'exec', '1001']);
    assert.equal(c.argv.slice(c.argv.indexOf('--') + 1), ['/bin/sh', '-c', MOUNT_NFS, 'phoenix-nfs', `${v.server}:${v.path}`, v.mount_point]);
    assert.is(c.judge, 'agent');
    assert.match(c.what ?? '', new RegExp(v.mount_point));
  }
  // the old record is replaced, the others kept
  assert.equal(set!.argv, ['qm', 'set', '1001', '--tags', `phoenix;${tag}`]);
});

test('recorded: nothing to do', () => {
  const facts = factsFrom({ '1001': { type: 'qemu', status: 'running', config: { tags: `phoenix;${tag}` } } });
  const plan = planOf(vmVolumes, facts, { vmid: '1001', volumes });
  assert.is(plan.change.kind, 'none');
  assert.equal(argvs(plan), []);
});

test('a changed list is a new record', () => {
  assert.is.not(volumesHash(volumes), volumesHash(volumes.slice(0, 1)));
});

test('part of reconfigure, owned', () => {
  assert.is(vmVolumes.reconfigure, true);
  assert.is(vmVolumes.owned, true);
});

test.run();
