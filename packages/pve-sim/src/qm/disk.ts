// qm importdisk / disk import, qm resize / disk resize, qm template.
import type { Ctx } from '../core/ctx.js';
import { die } from '../core/errors.js';
import { parseArgs } from '../core/getopt.js';
import { withLock } from '../core/lock.js';
import { bool, str, vmidSpec } from '../core/schema.js';
import { printDrive, qemuDrive } from '../conf/formats.js';
import { readPropString } from '../conf/prop-string.js';
import { formatSize, parseSize } from '../conf/size.js';
import { saveConf } from '../state/guests.js';
import { lockPath } from '../state/paths.js';
import { contentError, needStorage } from '../state/volumes.js';
import { checkLock, requireConf } from '../guest/common.js';
import { applyResize, newSize } from '../guest/resize.js';
import { makeTemplate } from '../guest/template.js';
import { DRIVE_RE } from './options.js';
import { importImage, importSource } from './values.js';

const GiBs = (n: number): string => `${(n / 1024 ** 3).toFixed(1)} GiB`;

export async function importDisk(ctx: Ctx, args: string[], usage = 'qm importdisk <vmid> <source> <storage> [OPTIONS]'): Promise<number> {
  const { args: a, opts } = parseArgs({
    usage, args: ['vmid', 'source', 'storage'], argSpecs: { vmid: vmidSpec, source: str, storage: str },
    opts: { format: { type: 'string', enum: ['raw', 'qcow2', 'vmdk'] }, 'target-disk': { type: 'string', format: (v) => (DRIVE_RE.test(v) ? undefined : `value '${v}' does not have a value in the enumeration`) } },
  }, args);
  const env = ctx.env;
  const vmid = a['vmid'] as string;
  const source = a['source'] as string;
  return withLock(lockPath(env), () => {
    const conf = requireConf(env, 'qemu', vmid);
    checkLock('qemu', conf);
    importSource(env, source);
    const s = needStorage(env, a['storage'] as string);
    const err = contentError(s, 'qemu');
    if (err) die(err.replace(/^storage '(.*)' does not/, 'storage $1 does not'));
    const { volid, size } = importImage(env, vmid, s.id, source);
    let key = opts['target-disk'];
    if (!key) {
      let n = 0;
      while (conf.main.keys[`unused${n}`] !== undefined) n++;
      key = `unused${n}`;
      conf.main.keys[key] = volid;
    } else {
      conf.main.keys[key] = `${volid},size=${formatSize(size)}`;
    }
    saveConf(env, 'qemu', vmid, conf);
    ctx.out(`importing disk '${source}' to VM ${vmid} ...\ntransferred 0.0 B of ${GiBs(size)} (0.00%)\ntransferred ${GiBs(size)} of ${GiBs(size)} (100.00%)\n`
      + `${key}: successfully imported disk '${conf.main.keys[key]}'\n`);
    return 0;
  });
}

export async function resize(ctx: Ctx, args: string[], usage = 'qm resize <vmid> <disk> <size> [OPTIONS]'): Promise<number> {
  const { args: a } = parseArgs({
    usage, args: ['vmid', 'disk', 'size'],
    argSpecs: { vmid: vmidSpec, disk: str, size: { type: 'string', format: (v) => (/^\+?\d+(\.\d+)?[KMGT]?$/.test(v) ? undefined : 'value does not match the regex pattern') } },
    opts: { skiplock: bool, digest: str },
  }, args);
  const vmid = a['vmid'] as string;
  const disk = a['disk'] as string;
  return withLock(lockPath(ctx.env), () => {
    const conf = requireConf(ctx.env, 'qemu', vmid);
    checkLock('qemu', conf);
    const value = DRIVE_RE.test(disk) ? conf.main.keys[disk] : undefined;
    if (value === undefined) die(`disk '${disk}' does not exist`);
    const p = readPropString(qemuDrive, value);
    if (p['media'] === 'cdrom') die(`disk '${disk}' does not exist`);
    const current = parseSize(p['size'] ?? '0') ?? 0;
    const size = newSize(current, a['size'] as string, 'shrinking disks is not supported');
    if (size === undefined) return 0;
    p['size'] = formatSize(size);
    conf.main.keys[disk] = printDrive(p);
    const log = applyResize(ctx.env, p['file'] as string, current, size);
    saveConf(ctx.env, 'qemu', vmid, conf);
    ctx.out(log);
    return 0;
  });
}

export async function template(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a } = parseArgs({ usage: 'qm template <vmid> [OPTIONS]', args: ['vmid'], argSpecs: { vmid: vmidSpec }, opts: { disk: str } }, args);
  const vmid = a['vmid'] as string;
  return withLock(lockPath(ctx.env), () => {
    makeTemplate(ctx.env, 'qemu', vmid, requireConf(ctx.env, 'qemu', vmid));
    return 0;
  });
}

/** `qm disk import|resize ...`. */
export async function disk(ctx: Ctx, args: string[]): Promise<number> {
  const sub = args[0];
  if (sub === 'import') return importDisk(ctx, args.slice(1), 'qm disk import <vmid> <source> <storage> [OPTIONS]');
  if (sub === 'resize') return resize(ctx, args.slice(1), 'qm disk resize <vmid> <disk> <size> [OPTIONS]');
  ctx.err(`ERROR: unknown command 'qm disk${sub ? ` ${sub}` : ''}'\nUSAGE: qm disk <COMMAND> [ARGS] [OPTIONS]\n       qm disk import <vmid> <source> <storage> [OPTIONS]\n       qm disk resize <vmid> <disk> <size> [OPTIONS]\n`);
  return 255;
}
