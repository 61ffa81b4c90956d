// QEMU guest agent: `qm guest cmd|exec|exec-status` and the `qm agent` alias (QemuServer/Agent.pm).
import { join } from 'node:path';
import type { Ctx } from '../core/ctx.js';
import type { SimEnv } from '../core/env.js';
import { die } from '../core/errors.js';
import { readJson, writeJson } from '../core/fsx.js';
import { parseArgs } from '../core/getopt.js';
import { prettyJson } from '../core/perl-json.js';
import { bool, intMin, vmidSpec } from '../core/schema.js';
import { effectiveKeys } from '../conf/config-file.js';
import { readRun } from '../state/status.js';
import { requireConf } from '../guest/common.js';
import { runInRoot } from '../guest/run-in-root.js';
import { readStdin } from '../core/stdin.js';
import { vmRoot } from './vm-root.js';

const COMMANDS = ['fsfreeze-freeze', 'fsfreeze-status', 'fsfreeze-thaw', 'fstrim', 'get-fsinfo', 'get-host-name', 'get-memory-block-info',
  'get-memory-blocks', 'get-osinfo', 'get-time', 'get-timezone', 'get-users', 'get-vcpus', 'info', 'network-get-interfaces', 'ping',
  'shutdown', 'suspend-disk', 'suspend-hybrid', 'suspend-ram'];

/** assert_agent_available, in the documented order; returns the current config keys. */
function agentKeys(env: SimEnv, vmid: string): Record<string, string> {
  const keys = effectiveKeys(requireConf(env, 'qemu', vmid), true);
  const agent = keys['agent'];
  if (agent === undefined) die('No QEMU guest agent configured');
  const run = readRun(env, vmid);
  if (run?.status !== 'running' || (run.node ?? env.node) !== env.node) die(`VM ${vmid} is not running`);
  const first = agent.split(',').find((p) => !p.includes('=') || p.startsWith('enabled=')) ?? '0';
  const enabled = /^(enabled=)?(1|on|yes|true)$/i.test(first);
  if (!enabled || (run.agentReadyAt ?? 0) > Date.now()) die('QEMU guest agent is not running');
  return keys;
}

function answer(cmd: string, vmid: string, keys: Record<string, string>): unknown {
  const ip = /ip=([\d.]+)\/(\d+)/.exec(keys['ipconfig0'] ?? '');
  switch (cmd) {
    case 'get-host-name': return { 'host-name': keys['name'] ?? `VM${vmid}` };
    case 'get-osinfo': return { id: 'debian', name: 'Debian GNU/Linux', 'pretty-name': 'Debian GNU/Linux 12 (bookworm)', 'version-id': '12', 'kernel-release': '6.1.0-sim', machine: 'x86_64' };
    case 'info': return { version: '7.2.0', supported_commands: COMMANDS.map((name) => ({ name, enabled: true, 'success-response': true })) };
    case 'network-get-interfaces': return [
      { name: 'lo', 'hardware-address': '00:00:00:00:00:00', 'ip-addresses': [{ 'ip-address': '127.0.0.1', 'ip-address-type': 'ipv4', prefix: 8 }] },
      { name: 'eth0', 'hardware-address': (/=([0-9A-Fa-f:]{17})/.exec(keys['net0'] ?? '')?.[1] ?? '').toLowerCase(),
        'ip-addresses': ip ? [{ 'ip-address': ip[1], 'ip-address-type': 'ipv4', prefix: Number(ip[2]) }] : [] },
    ];
    case 'get-time': return Date.now() * 1_000_000;
    default: return {};
  }
}

export function guestCmd(ctx: Ctx, args: string[], usage = 'qm guest cmd <vmid> <command>'): number {
  const { args: a } = parseArgs({ usage, args: ['vmid', 'command'], argSpecs: { vmid: vmidSpec, command: { type: 'string', enum: COMMANDS } } }, args);
  const vmid = a['vmid'] as string;
  const keys = agentKeys(ctx.env, vmid);
  if (a['command'] !== 'ping') ctx.out(`${prettyJson(answer(a['command'] as string, vmid, keys))}\n`);
  return 0;
}

const execFile = (env: SimEnv, vmid: string, pid: number): string => join(env.pveDir, '.sim', 'agent-exec', `${vmid}-${pid}.json`);

export async function guestExec(ctx: Ctx, args: string[]): Promise<number> {
  const { args: a, extra, opts } = parseArgs({
    usage: 'qm guest exec <vmid> [<extra-args>] [OPTIONS]', args: ['vmid'], argSpecs: { vmid: vmidSpec }, extra: true,
    opts: { 'pass-stdin': bool, synchronous: bool, timeout: intMin(0) },
  }, args);
  const env = ctx.env;
  const vmid = a['vmid'] as string;
  const keys = agentKeys(env, vmid);
  if (!extra.length) die('No command given');
  const input = opts['pass-stdin'] === '1' ? await readStdin(ctx.io.stdin()) : undefined;
  const r = await runInRoot(vmRoot(env, vmid, keys), [], extra, { stdio: 'capture', hostname: keys['name'] ?? `VM${vmid}`, ...(input ? { input } : {}) });
  const res: Record<string, unknown> = { exitcode: r.code, exited: 1 };
  if (r.stdout.length) res['out-data'] = r.stdout.toString('utf8');
  if (r.stderr.length) res['err-data'] = r.stderr.toString('utf8');
  if (opts['synchronous'] === '0') {
    const pid = 1000 + Math.floor(Math.random() * 60000);
    writeJson(execFile(env, vmid, pid), res);
    ctx.out(`${prettyJson({ pid })}\n`);
    return 0;
  }
  ctx.out(`${prettyJson(res)}\n`);
  return 0;
}

export function guestExecStatus(ctx: Ctx, args: string[]): number {
  const { args: a } = parseArgs({ usage: 'qm guest exec-status <vmid> <pid>', args: ['vmid', 'pid'], argSpecs: { vmid: vmidSpec, pid: intMin(0) } }, args);
  agentKeys(ctx.env, a['vmid'] as string);
  const res = readJson<Record<string, unknown> | null>(execFile(ctx.env, a['vmid'] as string, Number(a['pid'])), null);
  if (!res) die(`Agent error: Invalid parameter 'pid'`);
  ctx.out(`${prettyJson(res)}\n`);
  return 0;
}


/** `qm guest <cmd|exec|exec-status> ...`. */
export async function guest(ctx: Ctx, args: string[]): Promise<number> {
  const sub = args[0];
  if (sub === 'cmd') return guestCmd(ctx, args.slice(1));
  if (sub === 'exec') return guestExec(ctx, args.slice(1));
  if (sub === 'exec-status') return guestExecStatus(ctx, args.slice(1));
  ctx.err(`ERROR: unknown command 'qm guest${sub ? ` ${sub}` : ''}'\nUSAGE: qm guest <COMMAND> [ARGS] [OPTIONS]\n       qm guest cmd <vmid> <command>\n       qm guest exec <vmid> [<extra-args>] [OPTIONS]\n       qm guest exec-status <vmid> <pid>\n`);
  return 255;
}

export const agentAlias = (ctx: Ctx, args: string[]): number => guestCmd(ctx, args, 'qm agent <vmid> <command>');
