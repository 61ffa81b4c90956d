// What every simulated command receives.
import type { CallIo } from './call-io.js';
import type { SimEnv } from './env.js';

export interface Ctx {
  env: SimEnv;
  tool: string;
  out(text: string): void;
  err(text: string): void;
  /** The call's stdin and how a guest command gets the caller's stdio. */
  io: CallIo;
}

export type Handler = (ctx: Ctx, args: string[]) => Promise<number | void> | number | void;

export interface ToolDef {
  /** Sub-command name -> loader (lazy import keeps start-up light). */
  commands: Record<string, () => Promise<Handler>>;
  /** Usage lines for the unknown-command listing, e.g. `pct start <vmid> [OPTIONS]`. */
  usage: readonly string[];
}

/** Dispatch `tool <sub> ...` with the PVE CLIHandler unknown-command behaviour. */
export async function dispatch(ctx: Ctx, def: ToolDef, args: string[]): Promise<number> {
  const sub = args[0];
  const load = sub !== undefined ? def.commands[sub] : undefined;
  if (!load) {
    const head = sub === undefined ? 'ERROR: no command specified' : `ERROR: unknown command '${ctx.tool} ${sub}'`;
    ctx.err(`${head}\nUSAGE: ${ctx.tool} <COMMAND> [ARGS] [OPTIONS]\n${def.usage.map((u) => `       ${u}\n`).join('')}`);
    return 255;
  }
  const handler = await load();
  return (await handler(ctx, args.slice(1))) ?? 0;
}
