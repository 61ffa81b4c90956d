// What a CT is made of when it is created, and cannot be changed in place afterwards. Drift there is not a `pct set`:
// the CT has to be destroyed and created again (--recreate), or the field moved by hand.
// - unprivileged: update_pct_config dies "unable to modify read-only option: 'unprivileged'" (pve-container
//   src/PVE/LXC/Config.pm:1355 update_pct_config); the rootfs' files are owned by the id map it was unpacked with.
// - arch: given at creation or detected from the template's binaries (src/PVE/LXC/Setup.pm:146-163 `new`). `pct set
//   --arch` only relabels: a different arch than the template's means a different rootfs.
// - rootfs storage: `pct move-volume` moves it, but only while the CT is stopped (src/PVE/API2/LXC.pm:2601 "cannot
//   move volumes of a running container"), and a converge never stops a guest to change it.
// ostype is detected from the template's /etc too (Setup.pm:111-122), but it only names the setup scripts PVE runs:
// it is kept with `pct set --ostype` (../lxc/config.ts).
import type { FieldDiff } from '../types.js';
import { normBool, parseProps } from '../props.js';

/** PVE's `ostype` and `arch` enums (pve-container src/PVE/LXC/Config.pm $confdesc). */
const OSTYPES = ['debian', 'devuan', 'ubuntu', 'centos', 'fedora', 'opensuse', 'archlinux', 'alpine', 'gentoo', 'nixos'];
const ARCHES = ['amd64', 'i386', 'arm64', 'armhf', 'riscv32', 'riscv64'];

/**
 * What a template's file name says about the CT PVE makes from it, when it follows the appliance index naming
 * (`<os>-<release>-<variant>_<version>_<arch>.tar.<ext>`, pve-manager's aplinfo: `debian-12-standard_12.7-1_amd64.tar.zst`).
 * Only an `<os>` that is itself a PVE ostype counts (Rocky Linux is detected as `centos`: no guess here).
 */
export function templateTraits(template: string | undefined): { ostype?: string; arch?: string } {
  if (!template) return {};
  const base = (template.split('/').pop() ?? '').replace(/^[^:]*:/, '');
  const os = /^([a-z]+)-/.exec(base)?.[1];
  const arch = /_([a-z0-9]+)\.tar(?:\.[a-z0-9]+)?$/.exec(base)?.[1];
  return {
    ...(os !== undefined && OSTYPES.includes(os) ? { ostype: os } : {}),
    ...(arch !== undefined && ARCHES.includes(arch) ? { arch } : {}),
  };
}

/** The storage of a `rootfs` / `mpN` value (`local-lvm:vm-950-disk-0,size=8G`); undefined for a path or a bare value. */
export function volumeStorage(value: string | undefined): string | undefined {
  const volume = parseProps(value, 'volume').volume;
  if (!volume || volume.startsWith('/')) return undefined;
  const i = volume.indexOf(':');
  return i > 0 ? volume.slice(0, i) : undefined;
}

export interface LxcIdentity { unprivileged: boolean; storage: string; arch?: string }

/** Fields fixed at creation that differ from the wanted ones, `from -> to`, in PVE's spelling. */
export function lxcIdentityDrift(config: Readonly<Record<string, string>>, want: LxcIdentity): FieldDiff[] {
  const out: FieldDiff[] = [];
  // an absent `unprivileged` is 0 (Config.pm `unprivileged` default 0; `pct create` writes 1 when asked)
  const unpriv = normBool(config.unprivileged);
  if (unpriv !== (want.unprivileged ? '1' : '0')) out.push({ field: 'unprivileged', from: unpriv, to: want.unprivileged ? '1' : '0' });
  // `arch` default amd64 (Config.pm $confdesc)
  if (want.arch !== undefined && (config.arch ?? 'amd64') !== want.arch) out.push({ field: 'arch', from: config.arch ?? null, to: want.arch });
  const storage = volumeStorage(config.rootfs);
  if (storage !== undefined && storage !== want.storage) out.push({ field: 'rootfs storage', from: storage, to: want.storage });
  return out;
}

/** `CT 950 needs re-creation: unprivileged 0 -> 1 (fixed when a CT is created); run with --recreate ...`. */
export function needsRecreation(vmid: string, drift: readonly FieldDiff[]): string {
  const fields = drift.map((d) => `${d.field} ${d.from ?? '(unset)'} -> ${d.to ?? '(unset)'}`).join(', ');
  const storage = drift.find((d) => d.field === 'rootfs storage');
  const move = storage ? `, or move the rootfs by hand while the CT is stopped (\`pct move-volume ${vmid} rootfs ${storage.to} --delete 1\`)` : '';
  return `CT ${vmid} needs re-creation: ${fields} (fixed when a CT is created; \`pct set\` cannot change it in place); `
    + `run with --recreate to destroy and re-create it${move}`;
}
