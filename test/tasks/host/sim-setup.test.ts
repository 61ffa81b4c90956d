// End to end on a simulated host root: setupSteps -> gatherHostFacts (one exec) -> executeStep, twice.
// Users, NFS exports and samba shares (files under <stateDir>/host; real useradd --prefix); the second run is quiet.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setupSteps } from '../../../src/compile/setup-steps.js';
import { createSimConnection } from '../../../src/runner/connections/sim.js';
import { executeStep, type CommandRecord } from '../../../src/runner/execute-step.js';
import { gatherHostFacts } from '../../../src/runner/facts/gather-host.js';
import { hostQuery } from '../../../src/tasks/host/query.js';
import { makeModel, node } from '../../helpers/model.js';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk admin@laptop';
const HV = {
  users: { username: 'phoenix_admin', password_hash: '$6$salt$hashhashhash', sudo_access: true, ssh_public_key: KEY },
  nfs: { exports: [{ path: '/quickOS/vm-persistent-data', clients: ['10.0.0.111'], options: ['rw', 'sync', 'no_subtree_check'] }] },
  samba: { user: 'heads', shares: [{ name: 'shared', path: 'quickOS/shared', options: 'browseable=yes writable=yes', valid_users: ['heads'] }] },
};

async function converge(stateDir: string): Promise<{ statuses: string[]; commands: CommandRecord[] }> {
  const spec = node('pve', { connection: 'sim', stateDir, pveRoot: join(stateDir, 'etc', 'pve') });
  const model = { ...makeModel({}, [], [spec]), hypervisor: HV };
  const steps = setupSteps(model, { wipeDisks: false });
  const conn = createSimConnection(spec);
  const host = await gatherHostFacts(conn, spec, hostQuery(steps));
  const rt = { spec, conn, facts: { node: 'pve', pveNode: 'pve', guests: new Map(), source: 'files' as const, paths: { pveRoot: spec.pveRoot, hostRoot: join(stateDir, 'host'), imageDir: spec.imageDir }, host } };
  const commands: CommandRecord[] = [];
  const statuses: string[] = [];
  for (const s of steps) {
    const r = await executeStep(s, rt, { check: false, onCommand: (c) => commands.push(c) });
    if (r.error) throw r.error;
    statuses.push(`${s.id}=${r.status}`);
  }
  return { statuses, commands };
}

test('setup on a simulated host root: converges, then a second run sends nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-setup-'));
  try {
    const root = join(dir, 'host');
    mkdirSync(join(root, 'etc'), { recursive: true });
    mkdirSync(join(root, 'home'));
    writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
    writeFileSync(join(root, 'etc/group'), 'root:x:0:\nsudo:x:27:\nusers:x:100:\n');
    writeFileSync(join(root, 'etc/shadow'), 'root:*:19000:0:99999:7:::\n', { mode: 0o640 });
    writeFileSync(join(root, 'etc/gshadow'), 'root:*::\nsudo:*::\nusers:*::\n', { mode: 0o640 });
    writeFileSync(join(root, 'etc/exports'), '/srv/iso *(ro)\n');

    const first = await converge(dir);
    assert.ok(first.statuses.every((s) => s.endsWith('=changed')), first.statuses.join(' '));
    assert.match(readFileSync(join(root, 'etc/passwd'), 'utf8'), /^phoenix_admin:x:\d+:\d+::\/home\/phoenix_admin:\/bin\/bash$/m);
    assert.match(readFileSync(join(root, 'etc/group'), 'utf8'), /^sudo:x:27:phoenix_admin$/m);
    assert.match(readFileSync(join(root, 'etc/shadow'), 'utf8'), /^phoenix_admin:\$6\$salt\$hashhashhash:/m);
    const keys = join(root, 'home/phoenix_admin/.ssh/authorized_keys');
    assert.is(readFileSync(keys, 'utf8'), `# BEGIN phoenix\n${KEY}\n# END phoenix\n`);
    assert.is(statSync(keys).mode & 0o777, 0o600);
    assert.is(readFileSync(join(root, 'etc/exports'), 'utf8'),
      '/srv/iso *(ro)\n\n# BEGIN phoenix\n/quickOS/vm-persistent-data 10.0.0.111(rw,sync,no_subtree_check)\n# END phoenix\n');
    assert.match(readFileSync(join(root, 'etc/samba/smb.conf'), 'utf8'), /\[shared\]\n {3}path = \/quickOS\/shared\n {3}valid users = heads\n {3}browseable = yes/);
    assert.is(statSync(join(root, 'quickOS/shared')).mode & 0o777, 0o770);
    assert.not.ok(first.commands.some((c) => ['exportfs', 'systemctl', 'smbpasswd'].includes(c.argv[0]!)), 'no service commands on a simulated root');

    const second = await converge(dir);
    assert.ok(second.statuses.every((s) => s.endsWith('=ok')), second.statuses.join(' '));
    assert.equal(second.commands, [], 'second run: checks answer from the facts, nothing is sent');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
