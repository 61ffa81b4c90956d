// argv -> a command. argv is injected (tests never touch process.argv).
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { assertVerb, NO_TARGET_VERBS, VERBS, verbSpec, type Verb } from '../compile/targets.js';

export interface Options {
  config?: string;
  inventory?: string;
  limit: string[];
  all: boolean;
  dryRun: boolean;
  check: boolean;
  json: boolean;
  concurrency?: number;
  verbose: boolean;
  format: 'yaml' | 'json';
  output?: string;
  force: boolean;
  acceptNewHostKeys: boolean;
  suite?: string;
  junit?: string;
  wipeDisks: boolean;
  /** create, reconfigure, LetsGo: restart running guests with pending changes (boot order, never templates). */
  applyPending: boolean;
  adopt: boolean;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'validate'; options: Options }
  | { kind: 'plan'; verb: Verb; ids: string[]; options: Options }
  | { kind: 'run'; verb: Verb; ids: string[]; options: Options }
  | { kind: 'playbook'; file: string; options: Options }
  | { kind: 'resume'; which: string; options: Options };

const SPEC = {
  config: { type: 'string', short: 'c' },
  inventory: { type: 'string', short: 'i' },
  limit: { type: 'string', multiple: true },
  all: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  check: { type: 'boolean' },
  json: { type: 'boolean' },
  concurrency: { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
  'accept-new-host-keys': { type: 'boolean' },
  suite: { type: 'string' },
  junit: { type: 'string' },
  'wipe-disks': { type: 'boolean' },
  'apply-pending': { type: 'boolean' },
  adopt: { type: 'boolean' },
  resume: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

const isPlaybookPath = (s: string): boolean => /\.ya?ml$/i.test(s) || s.includes('/');

export function parseCli(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: SPEC, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`Error: ${(e as Error).message}`);
  }
  const v = parsed.values;
  if (v.help) return { kind: 'help' };
  if (v.version) return { kind: 'version' };
  const format = v.format ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') throw new UsageError(`Error: --format must be yaml or json, not '${format}'`);
  let concurrency: number | undefined;
  if (v.concurrency !== undefined) {
    concurrency = Number(v.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`Error: --concurrency needs a positive integer, not '${v.concurrency}'`);
  }
  const options: Options = {
    limit: (v.limit ?? []).flatMap((l) => l.split(',')).map((x) => x.trim()).filter(Boolean),
    all: v.all ?? false,
    dryRun: v['dry-run'] ?? false,
    check: v.check ?? false,
    json: v.json ?? false,
    verbose: v.verbose ?? false,
    format,
    force: v.force ?? false,
    acceptNewHostKeys: v['accept-new-host-keys'] ?? false,
    wipeDisks: v['wipe-disks'] ?? false,
    applyPending: v['apply-pending'] ?? false,
    adopt: v.adopt ?? false,
    ...(v.suite !== undefined ? { suite: v.suite } : {}),
    ...(v.junit !== undefined ? { junit: v.junit } : {}),
    ...(v.config !== undefined ? { config: v.config } : {}),
    ...(v.inventory !== undefined ? { inventory: v.inventory } : {}),
    ...(v.output !== undefined ? { output: v.output } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
  };
  const [first, ...rest] = parsed.positionals;
  if (v.resume !== undefined) {
    if (first !== undefined && !(first === 'run' && rest.length === 0)) throw new UsageError('Error: --resume takes no verb or targets: it re-runs the recorded ones');
    return { kind: 'resume', which: v.resume, options };
  }
  if (first === undefined) return { kind: 'help' };
  if (first === 'validate') return { kind: 'validate', options };
  if (first === 'run' || first === 'plan') {
    const [target, ...ids] = rest;
    if (target === undefined) throw new UsageError(`Error: '${first}' needs a verb${first === 'run' ? ' or a playbook file' : ''}`);
    if (first === 'run' && isPlaybookPath(target)) return { kind: 'playbook', file: target, options };
    const verb = assertVerb(target);
    return checked({ kind: first === 'run' ? ('run' as const) : ('plan' as const), verb, ids: [...ids, ...options.limit], options });
  }
  const verb = assertVerb(first);
  return checked({ kind: 'run' as const, verb, ids: [...rest, ...options.limit], options });
}

function checked<C extends { verb: Verb; ids: string[]; options: Options }>(c: C): C {
  if (c.options.applyPending && !verbSpec(c.verb).options.includes('applyPending')) {
    throw new UsageError(`Error: --apply-pending is for ${VERBS.filter((v) => verbSpec(v).options.includes('applyPending')).join(', ')}, not '${c.verb}'`);
  }
  if (!NO_TARGET_VERBS.includes(c.verb) && !c.ids.length && !c.options.all) {
    throw new UsageError(`Error: Verb '${c.verb}' requires at least one target ID`);
  }
  return c;
}
