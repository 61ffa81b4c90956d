// qm cloudinit update|dump <vmid>: (re)generate the cloud-init drive from the config.
import { join } from 'node:path';
import type { Ctx } from '../core/ctx.js';
import { writeAtomic } from '../core/fsx.js';
import { parseArgs } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { vmidSpec } from '../core/schema.js';
import type { SimEnv } from '../core/env.js';
import { effectiveKeys, type GuestConf } from '../conf/config-file.js';
import { saveConf } from '../state/guests.js';
import { dropCloudinitRecord } from './cloudinit-record.js';
import { lockPath } from '../state/paths.js';
import { volPath } from '../state/volumes.js';
import { requireConf } from '../guest/common.js';

function ciDrive(keys: Record<string, string>): string | undefined {
  for (const v of Object.values(keys)) {
    const vol = v.split(',')[0] ?? '';
    if (/-cloudinit(\.\w+)?$/.test(vol)) return vol;
  }
  return undefined;
}

function render(vmid: string, keys: Record<string, string>): Record<string, string> {
  const user = [`#cloud-config`, `hostname: ${keys['name'] ?? `VM${vmid}`}`, 'manage_etc_hosts: true'];
  if (keys['ciuser']) user.push(`user: ${keys['ciuser']}`);
  if (keys['cipassword']) user.push(`password: ${keys['cipassword']}`);
  if (keys['sshkeys']) user.push('ssh_authorized_keys:', ...decodeURIComponent(keys['sshkeys']).split('\n').filter(Boolean).map((k) => `  - ${k}`));
  const net = ['version: 1', 'config:'];
  for (const k of Object.keys(keys).filter((x) => /^ipconfig\d+$/.test(x)).sort()) {
    net.push(`    - type: physical`, `      name: eth${k.slice(8)}`, `      subnets:`);
    const ip = /(?:^|,)ip=([^,]+)/.exec(keys[k] ?? '')?.[1];
    const gw = /(?:^|,)gw=([^,]+)/.exec(keys[k] ?? '')?.[1];
    net.push(ip === 'dhcp' || !ip ? '      - type: dhcp4' : `      - type: static\n        address: '${ip}'${gw ? `\n        gateway: '${gw}'` : ''}`);
  }
  if (keys['nameserver']) net.push(`    - type: nameserver\n      address:\n${keys['nameserver'].split(/\s+/).map((n) => `      - '${n}'`).join('\n')}`);
  return { 'user-data': `${user.join('\n')}\n`, 'network-config': `${net.join('\n')}\n`, 'meta-data': `instance-id: ${vmid}\n` };
}

/**
 * Generate the cloud-init drive from the current config (QemuServer/Cloudinit.pm apply_cloudinit_config, run by
 * every start and by `qm cloudinit update`); drops `[special:cloudinit]`. Returns false without a cloud-init drive.
 */
export function regenerateCloudinit(env: SimEnv, vmid: string, conf: GuestConf): boolean {
  const keys = effectiveKeys(conf, true);
  const drive = ciDrive(keys);
  if (!drive) return false;
  for (const [f, text] of Object.entries(render(vmid, keys))) writeAtomic(join(volPath(env, drive), f), text);
  dropCloudinitRecord(conf);
  return true;
}

export async function cloudinit(ctx: Ctx, args: string[]): Promise<number> {
  const sub = args[0];
  if (sub === 'update') {
    const { args: a } = parseArgs({ usage: 'qm cloudinit update <vmid>', args: ['vmid'], argSpecs: { vmid: vmidSpec } }, args.slice(1));
    const vmid = a['vmid'] as string;
    return withLock(lockPath(ctx.env), () => {
      const conf = requireConf(ctx.env, 'qemu', vmid);
      const hadRecord = conf.special?.['cloudinit'] !== undefined;
      if (!regenerateCloudinit(ctx.env, vmid, conf)) return 0;
      if (hadRecord) saveConf(ctx.env, 'qemu', vmid, conf);
      ctx.out('generating cloud-init ISO\n');
      return 0;
    });
  }
  if (sub === 'dump') {
    const { args: a } = parseArgs({
      usage: 'qm cloudinit dump <vmid> <type>', args: ['vmid', 'type'], argSpecs: { vmid: vmidSpec, type: { type: 'string', enum: ['user', 'network', 'meta'] } },
    }, args.slice(1));
    const vmid = a['vmid'] as string;
    const keys = effectiveKeys(requireConf(ctx.env, 'qemu', vmid), true);
    const file = `${a['type']}-${a['type'] === 'meta' ? 'data' : a['type'] === 'user' ? 'data' : 'config'}`;
    ctx.out(render(vmid, keys)[file] ?? '');
    return 0;
  }
  ctx.err(`ERROR: unknown command 'qm cloudinit${sub ? ` ${sub}` : ''}'\nUSAGE: qm cloudinit <COMMAND> [ARGS] [OPTIONS]\n       qm cloudinit dump <vmid> <type>\n       qm cloudinit update <vmid>\n`);
  return 255;
}
