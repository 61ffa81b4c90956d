// End to end on a simulated node: setupSteps -> gatherHostFacts (one exec) -> executeStep, twice. The node is an
// ordinary local node whose PATH puts the simulator's tools first (exportfs, systemctl, smbpasswd, pdbedit among
// them) and whose host root is the simulator's host directory (real useradd --prefix); the second run is quiet.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Step } from '../../../src/compile/plan.js';
import { setupSteps } from '../../../src/compile/setup-steps.js';
import { hostQueryOf } from '../../../src/compile/step-def.js';
import { connect } from '../../../src/runner/connect.js';
import { executeStep, type CommandRecord } from '../../../src/runner/execute-step.js';
import { gatherHostFacts } from '../../../src/runner/facts/gather-host.js';
import { mergeQueries, type HostQuery } from '../../../src/tasks/host/query.js';
import { makeModel } from '../../helpers/model.js';
import { makeSimState, simNodeSpec } from '../../helpers/sim.js';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk admin@laptop';
const HV = {
  users: { username: 'phoenix_admin', password_hash: '$6$salt$hashhashhash', sudo_access: true, ssh_public_key: KEY },
  nfs: { exports: [{ path: '/quickOS/vm-persistent-data', clients: ['10.0.0.111'], options: ['rw', 'sync', 'no_subtree_check'] }] },
  samba: { user: 'heads', shares: [{ name: 'shared', path: 'quickOS/shared', options: 'browseable=yes writable=yes', valid_users: ['heads'] }] },
};
const SERVICE = ['exportfs', 'systemctl', 'smbpasswd'];

const queryOf = (steps: Step[]): HostQuery => mergeQueries(steps.map(hostQueryOf).filter((q): q is Partial<HostQuery> => q !== undefined));

async function converge(stateDir: string): Promise<{ statuses: string[]; commands: CommandRecord[] }> {
  const spec = simNodeSpec('pve', stateDir);
  const model = { ...makeModel({}, [], [spec]), hypervisor: HV };
  const steps = setupSteps(model, { wipeDisks: false });
  const conn = await connect(spec);
  try {
    const host = await gatherHostFacts(conn, spec, queryOf(steps));
    const facts = { node: 'pve', pveNode: 'pve', guests: new Map(), source: 'files' as const, images: [], paths: { pveRoot: spec.pveRoot, hostRoot: spec.hostRoot, imageDir: spec.imageDir }, host };
    const rt = { spec, conn, facts };
    const commands: CommandRecord[] = [];
    const statuses: string[] = [];
    for (const s of steps) {
      const r = await executeStep(s, rt, { check: false, onCommand: (c) => commands.push(c) });
      if (r.error) throw r.error;
      statuses.push(`${s.id}=${r.status}`);
    }
    return { statuses, commands };
  } finally {
    await conn.close();
  }
}

test('setup on a simulated node: converges with the real service commands, then a second run sends nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'phoenix-setup-'));
  const before = process.env.PHOENIX_SAMBA_PASSWORD;
  process.env.PHOENIX_SAMBA_PASSWORD = 'sim-samba-pw';
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
    const uid = Number(/^phoenix_admin:x:(\d+):/m.exec(readFileSync(join(root, 'etc/passwd'), 'utf8'))![1]);
    assert.is(statSync(keys).uid, uid, 'owned by the account under the host root');
    assert.is(readFileSync(join(root, 'etc/exports'), 'utf8'),
      '/srv/iso *(ro)\n\n# BEGIN phoenix\n/quickOS/vm-persistent-data 10.0.0.111(rw,sync,no_subtree_check)\n# END phoenix\n');
    assert.match(readFileSync(join(root, 'etc/samba/smb.conf'), 'utf8'), /\[shared\]\n {3}path = \/quickOS\/shared\n {3}valid users = heads\n {3}browseable = yes/);
    assert.is(statSync(join(root, 'quickOS/shared')).mode & 0o777, 0o770);
    const sent = first.commands.map((c) => c.argv[0]!);
    for (const tool of SERVICE) assert.ok(sent.includes(tool), `${tool} is sent on a simulated node too`);
    assert.not.ok(first.commands.some((c) => c.argv.includes('sim-samba-pw')), 'the samba password never in argv');
    const pdb = makeSimState({ dir }).run(['pdbedit', '-L']);
    assert.match(pdb.stdout, /^heads:/m);

    const second = await converge(dir);
    assert.ok(second.statuses.every((s) => s.endsWith('=ok')), second.statuses.join(' '));
    assert.equal(second.commands, [], 'second run: plans answer from the facts, nothing is sent');
  } finally {
    if (before === undefined) delete process.env.PHOENIX_SAMBA_PASSWORD; else process.env.PHOENIX_SAMBA_PASSWORD = before;
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
