// `systemctl VERB UNIT...` on the simulated node: start/stop/restart/reload(-or-restart), is-active, is-enabled,
// enable/disable, daemon-reload. Units are state (src/host/services.ts); every call is in the audit log.
import type { Ctx } from '../core/ctx.js';
import { SimError } from '../core/errors.js';
import { withLock } from '../core/lock.js';
import { lockPath } from '../state/paths.js';
import { freshUnit, readUnits, unitName, writeUnits, type UnitState } from './services.js';

/** Verb -> whether the unit is active afterwards (`'inactive'`: refused, the unit is not running). */
const ACTIONS: Record<string, (u: UnitState) => boolean | 'inactive'> = {
  start: () => true,
  stop: () => false,
  restart: () => true,
  'reload-or-restart': () => true,
  'try-restart': (u) => u.active,
  'try-reload-or-restart': (u) => u.active,
  // reloading needs a running unit (systemd: BUS_ERROR_UNIT_INACTIVE)
  reload: (u) => (u.active ? true : 'inactive'),
};

const QUERIES = new Set(['is-active', 'is-enabled', 'status']);

function fail(msg: string, code = 1): never { throw new SimError(msg, code); }

async function change(ctx: Ctx, verb: string, names: string[]): Promise<number> {
  return withLock(lockPath(ctx.env), () => {
    const units = readUnits(ctx.env);
    for (const name of names) {
      const u = units[name] ?? freshUnit();
      if (verb === 'enable' || verb === 'disable') {
        u.enabled = verb === 'enable';
      } else {
        const next = (ACTIONS[verb] as (u: UnitState) => boolean | 'inactive')(u);
        if (next === 'inactive') fail(`Failed to ${verb} ${name}: Unit ${name} is not active.`);
        u.active = next;
      }
      u.calls[verb] = (u.calls[verb] ?? 0) + 1;
      units[name] = u;
    }
    writeUnits(ctx.env, units);
    return 0;
  });
}

function query(ctx: Ctx, verb: string, names: string[], quiet: boolean): number {
  const units = readUnits(ctx.env);
  let code = 0;
  for (const name of names) {
    const u = units[name] ?? freshUnit();
    if (verb === 'is-enabled') {
      if (!quiet) ctx.out(`${u.enabled ? 'enabled' : 'disabled'}\n`);
      if (!u.enabled) code = 1;
    } else if (verb === 'is-active') {
      if (!quiet) ctx.out(`${u.active ? 'active' : 'inactive'}\n`);
      if (!u.active) code = 3;
    } else {
      ctx.out(`* ${name} - ${name}\n     Loaded: loaded (/lib/systemd/system/${name}; ${u.enabled ? 'enabled' : 'disabled'})\n     Active: ${u.active ? 'active (running)' : 'inactive (dead)'}\n`);
      if (!u.active) code = 3;
    }
  }
  return code;
}

export async function run(ctx: Ctx, args: string[]): Promise<number> {
  const flags = args.filter((a) => a.startsWith('-'));
  const [verb, ...rest] = args.filter((a) => !a.startsWith('-'));
  if (verb === undefined) fail('pve-sim: systemctl needs a command verb (listing units is not simulated)');
  if (verb === 'daemon-reload') return 0;
  const known = verb in ACTIONS || QUERIES.has(verb) || verb === 'enable' || verb === 'disable';
  if (!known) fail(`Unknown command verb '${verb}'.`);
  if (!rest.length) fail('Too few arguments.');
  const names = rest.map(unitName);
  if (QUERIES.has(verb)) return query(ctx, verb, names, flags.includes('-q') || flags.includes('--quiet'));
  return change(ctx, verb, names);
}
