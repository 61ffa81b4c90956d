// Test helper: argvs Phoenix sends, checked against the real PVE API schema (../shared/reference/pve-api-schema.json,
// read in place). The validator itself lives in the simulator package (packages/pve-sim/src/api/), because the
// simulator refuses with it what PVE refuses; tests use the same code for argvs they only plan, never send.
import { checkArgv, loadApiSchema, schemaLocation, type ApiSchema } from '@phoenix/pve-sim';

/** The Proxmox CLIs whose argv the schema describes (zfs, zpool and host commands are not API calls). */
export const API_TOOLS: ReadonlySet<string> = new Set(['pct', 'qm', 'pvesh', 'pvesm']);

/** The schema, or the reason it is not available (the caller prints it as its skip line). */
export function apiSchema(): ApiSchema | string {
  try {
    return loadApiSchema() ?? `no PVE API schema at ${schemaLocation()?.file ?? '(PVE_SIM_API_SCHEMA=none)'}`;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export interface SentArgv { argv: readonly string[]; /** Proxmox node name (the fixed `node` parameter). */ node?: string; /** Where it came from, for the report. */ origin: string }

export interface SchemaReport {
  /** Distinct argvs checked. */
  checked: number;
  /** One entry per refused argv: the argv, where it came from, and PVE's text. */
  refused: string[];
  /** Formats or commands the validator could not judge, with how many argvs hit each. */
  unchecked: Map<string, number>;
  /** Checked argvs per command (`pct set`, `pvesh create`): what the shapes were. */
  commands: Map<string, number>;
}

/** Check each API argv once (duplicates counted once); other tools are left out. */
export function checkSent(api: ApiSchema, sent: readonly SentArgv[]): SchemaReport {
  const seen = new Set<string>();
  const report: SchemaReport = { checked: 0, refused: [], unchecked: new Map(), commands: new Map() };
  for (const s of sent) {
    if (!API_TOOLS.has(s.argv[0] ?? '')) continue;
    const key = [s.node ?? 'pve', ...s.argv].join('\0');
    if (seen.has(key)) continue;
    seen.add(key);
    report.checked++;
    const r = checkArgv(api, s.argv, s.node !== undefined ? { node: s.node } : {});
    if (r.status === 'not-covered') continue;
    const command = r.command;
    report.commands.set(command, (report.commands.get(command) ?? 0) + 1);
    if (r.status === 'refused') report.refused.push(`${s.origin}: ${s.argv.join(' ')}\n${r.stderr}`);
    if (r.status === 'unknown-command') report.refused.push(`${s.origin}: ${s.argv.join(' ')}\nERROR: ${r.message}`);
    if (r.status === 'ok' || r.status === 'refused') for (const u of r.unchecked) report.unchecked.set(u, (report.unchecked.get(u) ?? 0) + 1);
  }
  return report;
}

/** One line per command shape, for the test's printed summary. */
export const describeReport = (r: SchemaReport): string =>
  `${r.checked} distinct argvs: ${[...r.commands].sort(([a], [b]) => a.localeCompare(b)).map(([c, n]) => `${c} ×${n}`).join(', ')}`;
