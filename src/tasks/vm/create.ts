// VM exists: a full clone of its template, or a new VM whose disk is imported from a cloud image on the node
// (downloaded there first when the state read did not find it in the image directory). An existing VM is checked
// for a lock an interrupted create or clone left (../interrupted.ts) and for the storage its imported disk was put
// on; both are refused, naming the way out, unless --recreate asks to destroy and create it again.
import { existing } from '../exists.js';
import { guestOf, type GuestFacts, type NodeFacts } from '../facts.js';
import { leftLock, leftLockMessage } from '../interrupted.js';
import { volumeStorage } from '../lxc/identity.js';
import { parseProps } from '../props.js';
import { destroyForRecreate } from '../recreate.js';
import { hasOwnerTag, OWNER_TAG } from '../tags.js';
import { act, cmd, create, type Command, type FieldDiff, type TaskDef, type TaskPlan } from '../types.js';
import { vmCreateSchema, type VmCreateParams } from './params.js';

export function imagePath(imageDir: string, file: string): string {
  return `${imageDir.replace(/\/+$/, '')}/${file}`;
}

/**
 * A fixed script (never data): $1 = the image path, $2 = its URL. Downloads to `$1.phoenix-part`, moves it into
 * place only when complete, and removes the part file when either step fails (keeping the failing exit code).
 */
export const FETCH_IMAGE = `part="$1.phoenix-part"
curl -fsSL --create-dirs -o "$part" --url "$2" && mv -f "$part" "$1" && exit 0
rc=$?
rm -f "$part"
echo "downloading $2 to $1 failed (exit $rc)" >&2
exit "$rc"`;

export function createArgv(p: VmCreateParams, image: string): string[] {
  // `import-from` copies the image into a new volume of the storage (qemu-server PVE/API2/Qemu.pm create_disks)
  const argv = ['qm', 'create', p.vmid, '--name', p.name, '--memory', String(p.memory), '--cores', String(p.cores),
    '--net0', `virtio,bridge=${p.bridge}`, '--scsihw', 'virtio-scsi-pci',
    '--scsi0', `${p.storage}:0,import-from=${image}`, '--ide2', `${p.storage}:cloudinit`,
    '--boot', 'order=scsi0', '--serial0', 'socket', '--vga', 'serial0', '--agent', '1',
    '--onboot', p.onboot ? '1' : '0', '--tags', OWNER_TAG];
  if (p.ciuser) argv.push('--ciuser', p.ciuser);
  if (p.ipconfig0) argv.push('--ipconfig0', p.ipconfig0);
  if (p.nameserver) argv.push('--nameserver', p.nameserver);
  if (p.searchdomain) argv.push('--searchdomain', p.searchdomain);
  if (p.startup) argv.push('--startup', p.startup);
  return argv;
}

export function cloneArgv(p: VmCreateParams & { clone: NonNullable<VmCreateParams['clone']> }): string[] {
  const c = p.clone;
  return ['qm', 'clone', c.from, p.vmid, '--name', p.name, '--full', '1', ...(c.target ? ['--target', c.target] : [])];
}

/** The image on the node, or the one command that downloads it there. */
function imageCommands(facts: NodeFacts, p: VmCreateParams, image: { file: string; url: string }): { path: string; fetch: Command[] } {
  const path = imagePath(facts.paths.imageDir, image.file);
  if (facts.images.includes(image.file)) return { path, fetch: [] };
  return {
    path,
    fetch: [cmd(['sh', '-c', FETCH_IMAGE, 'phoenix-image', path, image.url], {
      timeoutMs: 30 * 60_000,
      log: `cloud image ${path} is absent on ${facts.node}: downloading ${image.url}`,
      what: `download of the absent cloud image ${path} from ${image.url} for VM ${p.vmid}`,
    })],
  };
}

/** The create or clone of an absent VM: what it says, and its commands. */
function build(facts: NodeFacts, p: VmCreateParams): { detail: string; commands: Command[] } {
  if (p.clone) {
    // a source on another node of the cluster (shared storage): the clone runs there, --target this node
    return {
      detail: `clone ${p.clone.from} -> ${p.vmid}`,
      commands: [cmd(cloneArgv({ ...p, clone: p.clone }), { ...(p.clone.node ? { on: p.clone.node } : {}), log: `VM ${p.vmid}: full clone of ${p.clone.from}` })],
    };
  }
  if (!p.image) throw new Error(`VM ${p.vmid} has neither clone_from_vmid nor template_image`);
  const { path, fetch } = imageCommands(facts, p, p.image);
  return {
    detail: `create ${p.vmid} from image ${p.image.file}${fetch.length ? ' (download it first)' : ''}`,
    commands: [
      ...fetch,
      cmd(createArgv(p, path), { log: `VM ${p.vmid}: importing ${p.image.file} into ${p.storage}` }),
      // grow the imported disk to disk_size_gb; a larger image stays as it is (qemu-server PVE/API2/Qemu.pm
      // resize_vm: "shrinking disks is not supported")
      cmd(['qm', 'resize', p.vmid, 'scsi0', `${p.diskGb}G`], { okIf: 'shrinking disks is not supported' }),
    ],
  };
}

/**
 * What `qm create` fixed that differs: the storage the image was imported into (`--scsi0 <storage>:0,import-from`).
 * A clone's disks stay on its source's storage (`qm clone --full` without --storage): not Phoenix's choice, not
 * compared. `qm disk move` could move the disk in place (qemu-server src/PVE/API2/Qemu.pm move_vm_disk); Phoenix
 * leaves that to the operator and names it.
 */
function vmIdentityDrift(g: GuestFacts, p: VmCreateParams): FieldDiff[] {
  if (p.clone) return [];
  const storage = volumeStorage(parseProps(g.config.scsi0, 'file').file);
  return storage !== undefined && storage !== p.storage ? [{ field: 'scsi0 storage', from: storage, to: p.storage }] : [];
}

function recreate(facts: NodeFacts, g: GuestFacts, p: VmCreateParams, why: string, diff: FieldDiff[]): TaskPlan {
  const destroy = destroyForRecreate(facts, g, why);
  const again = build(facts, p);
  return act({ kind: 'create', detail: `re-create (${why}): destroy VM ${p.vmid}, then ${again.detail}`, ...(diff.length ? { diff } : {}) }, ...destroy, ...again.commands);
}

export const vmCreate: TaskDef<VmCreateParams, 'vm.create'> = {
  name: 'vm.create',
  schema: vmCreateSchema,
  mutates: true,
  reconfigure: false,
  recreates: true,
  // creating an absent VM needs no ownership; re-creating an existing one does
  owned: true,
  // live status: a re-created VM is stopped whatever the old one was
  reread: 'guest-status',
  guests: (p) => [p.vmid],
  // the source is read only to make the VM (a clone): not while it exists and nothing asks to re-create it
  sources: (p, facts) => (p.clone && !(facts && !p.recreate && guestOf(facts, p.vmid)) ? [p.clone.from] : []),
  resources: (p, node) => [`storage:${node}:${p.storage}`, ...(p.clone ? [`clone:${p.clone.from}`] : [])],
  title: (p) => (p.mustExist ? `VM ${p.vmid}: as created (disk storage)`
    : p.clone ? `VM ${p.vmid}: full clone of ${p.clone.from}` : `VM ${p.vmid}: create from ${p.image?.file ?? '?'}`),
  plan(facts, p) {
    const done = existing(facts, p.vmid, 'qemu');
    const g = guestOf(facts, p.vmid);
    if (!done || !g) {
      if (p.mustExist) throw new Error(`VM ${p.vmid} does not exist on ${facts.node}: create it first`);
      const b = build(facts, p);
      return act(create(b.detail), ...b.commands);
    }
    const left = leftLock(g);
    if (left) {
      if (!p.recreate) throw new Error(leftLockMessage(g, hasOwnerTag(g.config)));
      return recreate(facts, g, p, `left locked (${left.lock}) by an interrupted ${left.lock === 'clone' ? 'clone' : 'create'}`, []);
    }
    const drift = vmIdentityDrift(g, p);
    if (drift.length) {
      const d = drift[0]!;
      const why = `${d.field} ${d.from} -> ${d.to}`;
      if (!p.recreate) {
        throw new Error(`VM ${p.vmid} needs re-creation: ${why} (where \`qm create\` imported its disk); run with --recreate to destroy and re-create it, `
          + `or move the disk by hand (\`qm disk move ${p.vmid} scsi0 ${d.to} --delete 1\`)`);
      }
      return recreate(facts, g, p, why, drift);
    }
    return { change: done, commands: [] };
  },
};
