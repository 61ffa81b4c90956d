// VM exists: a full clone of its template, or a new VM whose disk is imported from a cloud image on the node.
import type { VmCreateParams } from '../../compile/vm-params.js';
import { existing } from '../exists.js';
import { OWNER_TAG } from '../tags.js';
import { create, type ApplyContext, type TaskDef } from '../types.js';

export function imagePath(imageDir: string, p: VmCreateParams): string {
  return `${imageDir.replace(/\/+$/, '')}/${p.image!.file}`;
}

export function createArgv(p: VmCreateParams, image: string): string[] {
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

/** Make sure the cloud image is on the node: download it there when absent, and say so. */
async function ensureImage(ctx: ApplyContext, p: VmCreateParams): Promise<string> {
  const path = imagePath(ctx.facts.paths.imageDir, p);
  if ((await ctx.probe(['test', '-f', path])).code === 0) return path;
  ctx.log(`cloud image ${path} is absent on ${ctx.facts.node}: downloading ${p.image!.url}`);
  const part = `${path}.phoenix-part`;
  const r = await ctx.probe(['curl', '-fsSL', '--create-dirs', '-o', part, p.image!.url], { timeoutMs: 30 * 60_000 });
  if (r.code !== 0) {
    await ctx.probe(['rm', '-f', part]);
    throw new Error(`cloud image ${path} not found on ${ctx.facts.node}, and downloading ${p.image!.url} failed: ${r.stderr.trim() || `exit ${r.code}`}`);
  }
  await ctx.run(['mv', part, path]);
  return path;
}

export const vmCreate: TaskDef<VmCreateParams> = {
  name: 'vm.create',
  mutates: true,
  title: (p) => (p.clone ? `VM ${p.vmid}: full clone of ${p.clone.from}` : `VM ${p.vmid}: create from ${p.image?.file ?? '?'}`),
  check(facts, p) {
    const done = existing(facts, p.vmid, 'qemu');
    if (done) return done;
    return create(p.clone ? `clone ${p.clone.from} -> ${p.vmid}` : `create ${p.vmid} from image ${p.image?.file ?? '?'}`);
  },
  async apply(ctx, p) {
    if (p.clone) {
      const argv = ['qm', 'clone', p.clone.from, p.vmid, '--name', p.name, '--full', '1', ...(p.clone.target ? ['--target', p.clone.target] : [])];
      if (p.clone.node) await ctx.runOn(p.clone.node, argv);
      else await ctx.run(argv);
    } else {
      if (!p.image) throw new Error(`VM ${p.vmid} has neither clone_from_vmid nor template_image`);
      const image = await ensureImage(ctx, p);
      await ctx.run(createArgv(p, image));
      await ctx.run(['qm', 'resize', p.vmid, 'scsi0', `${p.diskGb}G`], { okIf: /shrinking disks is not supported/ });
    }
    await ctx.refresh(p.vmid, 'stopped');
  },
};
