// Hostile corpus, a hand-edited playbook: the task param schemas (src/tasks/schema.ts builders) refuse what the
// configuration schemas refuse, so a value that validation would stop cannot be slipped in through `phoenix run
// playbook.yaml` either: an option as pct create's template, `..` in a bind's host path or mount point, a storage id
// that is not PVE's, a ':' or line break in what lands in /etc/passwd or /etc/shadow, whitespace or a leading '-' in
// an /etc/exports field, a space in smb.conf's valid users.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Plan } from '../../src/compile/plan.js';
import { validatePlaybook } from '../../src/compile/validate-playbook.js';
import { makeEstate } from '../helpers/estate.js';
import { ct, VM_DEFAULTS } from './argv-helpers.js';

type Params = Record<string, unknown>;

async function compiled(argv: string[], spec: Parameters<typeof makeEstate>[0]): Promise<Plan> {
  const e = makeEstate(spec);
  try {
    const r = await e.run('plan', ...argv, '--format', 'json');
    assert.is(r.code, 0, r.stdout + r.stderr);
    return JSON.parse(r.stdout) as Plan;
  } finally { e.cleanup(); }
}

/** The problems validatePlaybook reports once `edit` changed the params of the step running `task`. */
function refusals(plan: Plan, task: string, edit: (p: Params) => void): string[] {
  const doc = structuredClone(plan);
  const i = doc.steps.findIndex((s) => s.task === task);
  assert.ok(i >= 0, `no ${task} step`);
  edit(doc.steps[i]!.params as Params);
  try { validatePlaybook(doc, 'pb.yaml'); return []; } catch (e) { return (e as { problems?: string[] }).problems ?? [String(e)]; }
}

const reported = (lines: string[], pointer: RegExp): boolean => lines.some((l) => pointer.test(l));

test('lxc steps: template, storage, bind host path and mount point, volume storage', async () => {
  const plan = await compiled(['create', '960'], {
    lxc: { lxc_configs: { '960': ct('960', { mount_points: [{ host_path: '/srv/ws/960', container_path: '/ws', owner_uid: 33 }] }) } },
    vm: { vm_defaults: VM_DEFAULTS, vms: [] }, scripts: null,
  });
  assert.equal(refusals(plan, 'lxc.create', () => undefined), [], 'control: the compiled playbook is valid');
  const cases: [string, (p: Params) => void, RegExp][] = [
    ['lxc.create', (p) => { p.template = '--unprivileged=0'; }, /\/params\/template: /],
    ['lxc.create', (p) => { p.storage = '-x'; }, /\/params\/storage: /],
    ['lxc.create', (p) => { p.storage = 'l'; }, /\/params\/storage: /],
    ['lxc.mounts', (p) => { (p.mounts as Params[])[0]!.hostPath = '/srv/ws/../victim'; }, /\/params\/mounts\/0/],
    ['lxc.mounts', (p) => { (p.mounts as Params[])[0]!.mp = '/../../etc'; }, /\/params\/mounts\/0/],
    ['lxc.mounts', (p) => { (p.mounts as Params[])[0]!.hostPath = 'srv/ws'; }, /\/params\/mounts\/0/],
  ];
  for (const [task, edit, at] of cases) {
    const lines = refusals(plan, task, edit);
    assert.ok(reported(lines, at), `${task} ${edit.toString()}: not refused at ${at}:\n${lines.join('\n')}`);
  }
});

test('host steps: the user\'s shell and hash, an export\'s path and client, a share\'s path and valid users', async () => {
  const plan = await compiled(['setup'], {
    hypervisor: {
      users: { username: 'phoenix_admin', password_hash: '$6$salt$abcdefghij', sudo_access: true },
      nfs: { exports: [{ path: '/srv/nfs', clients: ['10.0.0.5'], options: ['rw'] }] },
      samba: { user: 'heads', password: 'long enough password', shares: [{ name: 's', path: 'srv/share', valid_users: ['heads'] }] },
    },
    lxc: { lxc_configs: {} }, vm: { vm_defaults: VM_DEFAULTS, vms: [] }, scripts: null,
  });
  assert.equal(refusals(plan, 'host.user', () => undefined), [], 'control: the compiled playbook is valid');
  const cases: [string, (p: Params) => void, RegExp][] = [
    ['host.user', (p) => { p.passwordHash = '$6$a$A\nroot:$6$evil$X'; }, /\/params\/passwordHash: /],
    ['host.user', (p) => { p.shell = '/bin/bash:0:0'; }, /\/params\/shell: /],
    ['host.nfs-exports', (p) => { (p.exports as Params[])[0]!.path = '/srv/a 10.0.0.0/8(rw,no_root_squash)'; }, /\/params\/exports\/0\/path: /],
    ['host.nfs-exports', (p) => { (p.exports as Params[])[0]!.path = '/srv/nfs/../../etc'; }, /\/params\/exports\/0\/path: /],
    ['host.nfs-exports', (p) => { (p.exports as Params[])[0]!.clients = ['-rw']; }, /\/params\/exports\/0\/clients\/0: /],
    ['host.samba', (p) => { (p.shares as Params[])[0]!.validUsers = ['heads root']; }, /\/params\/shares\/0\/validUsers\/0: /],
    ['host.samba', (p) => { (p.shares as Params[])[0]!.path = '/srv/../etc'; }, /\/params\/shares\/0\/path: /],
    ['host.samba', (p) => { p.password = 'two\nlines'; }, /\/params\/password: /],
  ];
  for (const [task, edit, at] of cases) {
    const lines = refusals(plan, task, edit);
    assert.ok(reported(lines, at), `${task} ${edit.toString()}: not refused at ${at}:\n${lines.join('\n')}`);
  }
});

test.run();
