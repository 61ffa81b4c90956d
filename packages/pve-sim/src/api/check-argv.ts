// Check one argv of `pct`, `qm`, `pvesm` or `pvesh` the way the Perl CLI does before it runs anything:
// CLIHandler.pm resolve_cmd, RESTHandler.pm cli_handler -> JSONSchema.pm get_options -> handle -> validate.
// The result carries PVE's stderr text and exit code for a refusal.
import type { Errors, Value } from './check-prop.js';
import { checkPvesh } from './check-pvesh.js';
import { cliSpec, runSpec } from './command-spec.js';
import type { ApiSchema, Method } from './types.js';

export type ArgvCheck =
  /** Accepted; `unchecked`: formats (or a whole command) this validator cannot judge. */
  | { status: 'ok'; command: string; method?: Method; params: Record<string, Value>; unchecked: string[] }
  /** Refused as PVE refuses it (`400 ...` texts; `errors`: the per-parameter messages of a verification). */
  | { status: 'refused'; command: string; code: number; stderr: string; errors?: Errors; unchecked: string[] }
  /** No such (sub)command: PVE prints its command list (left to whoever implements the tool). */
  | { status: 'unknown-command'; command: string; message: string }
  /** Not a tool this validator covers (zfs, zpool, host commands). */
  | { status: 'not-covered'; reason: string };

export interface CheckOpts { node?: string }

export function checkArgv(api: ApiSchema, argv: readonly string[], opts: CheckOpts = {}): ArgvCheck {
  const [tool = '', ...rest] = argv;
  if (tool === 'pvesh') return checkPvesh(api, rest);
  const spec = cliSpec(api, tool, rest, opts.node ?? 'pve');
  if (spec === undefined) return { status: 'not-covered', reason: `'${tool}' is not a PVE API CLI` };
  if ('unknown' in spec) return { status: 'unknown-command', command: spec.command, message: spec.unknown };
  if ('why' in spec) return { status: 'ok', command: spec.command, params: {}, unchecked: [`${spec.command}: ${spec.why}`] };
  const out = runSpec(spec, { unchecked: new Set() });
  return { command: spec.command, ...(out.status === 'ok' && spec.method ? { method: spec.method } : {}), ...out };
}
