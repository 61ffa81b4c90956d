// Feature / application / health / test script params: the local path and the sha256 the plan was made with.
import { PlanError } from '../errors.js';
import type { ScriptTimeouts } from '../inventory/config-types.js';
import type { Guest, Model } from '../inventory/model.js';
import { DEFAULT_TIMEOUT_S } from '../tasks/bounded-exec.js';

/** The bound of guest `g`'s scripts of `kind`, in seconds: its configuration's (file, then guest), else the default. */
export const scriptTimeoutS = (g: Guest, kind: keyof ScriptTimeouts): number => g.scriptTimeouts?.[kind] ?? DEFAULT_TIMEOUT_S[kind];

export function scriptRef(model: Model, rel: string, who: Guest, what: string): { path: string; sha256: string } {
  const f = model.scriptFiles?.[rel];
  if (!f) throw new PlanError([`${who.kind === 'lxc' ? 'CT' : 'VM'} ${who.id}: ${what}: script ${model.scriptsDir}/${rel} not found`]);
  return f;
}

/** A health check command: a script under <scripts>/health/ (matched by file name) or a plain argv. */
export function healthArgv(model: Model, command: string | string[]): { argv: string[]; rel?: string } {
  const argv = Array.isArray(command) ? [...command] : command.trim().split(/\s+/);
  const first = argv[0] ?? '';
  const rel = `health/${first.split('/').pop() ?? first}`;
  return model.scriptFiles?.[rel] ? { argv, rel } : { argv };
}
