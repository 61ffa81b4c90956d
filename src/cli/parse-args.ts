// argv -> a command. argv is injected (tests never touch process.argv). Options come from the option table
// (option-table.ts); verbs and their options from the verb table (src/compile/targets.ts).
import type { CompileOptions } from '../compile/compile.js';
import { NO_TARGET_VERBS, VERBS, verbSpec, type Verb } from '../compile/targets.js';
import { UsageError } from '../errors.js';
import { OPTIONS, type CommandName } from './option-table.js';
import { tokenize, type Tokens } from './tokenize-args.js';
import { isCommand, printable, SHELLS, topicOf, verbOrThrow, type Shell } from './verb-words.js';

export { SHELLS, type Shell } from './verb-words.js';

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
  /** graph: mermaid (default) or dot. */
  graphFormat: 'mermaid' | 'dot';
  output?: string;
  force: boolean;
  acceptNewHostKeys: boolean;
  suite?: string;
  junit?: string;
  wipeDisks: boolean;
  /** create, reconfigure, LetsGo: restart running guests with pending changes (boot order, never templates). */
  applyPending: boolean;
  /** create, reconfigure, LetsGo: destroy and re-create owned guests that cannot be converged in place. */
  recreate: boolean;
  adopt: boolean;
}

export type Command =
  | { kind: 'help'; topic?: Verb | CommandName; exitCode: 0 | 1 }
  | { kind: 'version' }
  | { kind: 'validate'; options: Options }
  | { kind: 'plan'; verb: Verb; ids: string[]; options: Options }
  | { kind: 'run'; verb: Verb; ids: string[]; options: Options }
  | { kind: 'playbook'; file: string; options: Options }
  | { kind: 'resume'; which: string; options: Options }
  | { kind: 'graph'; verb?: Verb; ids: string[]; options: Options }
  | { kind: 'completion'; shell: Shell }
  | { kind: 'complete'; words: string[] }
  | { kind: 'init'; dir?: string; options: Options };

const isPlaybookPath = (s: string): boolean => /\.ya?ml$/i.test(s) || s.includes('/');

const str = (t: Tokens, k: string): string | undefined => { const v = t.values.get(k); return typeof v === 'string' ? v : undefined; };
const flag = (t: Tokens, k: string): boolean => t.values.get(k) === true;

function optionsOf(t: Tokens, cmd: string | undefined): Options {
  const rawFormat = str(t, 'format');
  const graph = cmd === 'graph';
  if (rawFormat !== undefined && graph && rawFormat !== 'mermaid' && rawFormat !== 'dot') throw new UsageError(`--format must be mermaid or dot, not '${printable(rawFormat)}'`);
  if (rawFormat !== undefined && !graph && rawFormat !== 'yaml' && rawFormat !== 'json') throw new UsageError(`--format must be yaml or json, not '${printable(rawFormat)}'`);
  const rawConc = str(t, 'concurrency');
  const concurrency = rawConc === undefined ? undefined : Number(rawConc);
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) throw new UsageError(`--concurrency needs a positive integer, not '${printable(rawConc!)}'`);
  const limit = t.values.get('limit');
  const o = (k: string): { [key: string]: string } => { const v = str(t, k); return v !== undefined ? { [k]: v } : {}; };
  return {
    limit: (Array.isArray(limit) ? limit : []).flatMap((l) => l.split(',')).map((x) => x.trim()).filter(Boolean),
    all: flag(t, 'all'),
    dryRun: flag(t, 'dry-run'),
    check: flag(t, 'check'),
    json: flag(t, 'json'),
    verbose: flag(t, 'verbose'),
    format: !graph && rawFormat === 'json' ? 'json' : 'yaml',
    graphFormat: graph && rawFormat === 'dot' ? 'dot' : 'mermaid',
    force: flag(t, 'force'),
    acceptNewHostKeys: flag(t, 'accept-new-host-keys'),
    wipeDisks: flag(t, 'wipe-disks'),
    applyPending: flag(t, 'apply-pending'),
    recreate: flag(t, 'recreate'),
    adopt: flag(t, 'adopt'),
    ...o('suite'), ...o('junit'), ...o('config'), ...o('inventory'), ...o('output'),
    ...(concurrency !== undefined ? { concurrency } : {}),
  };
}

/** `--help` anywhere: the page of the command (or verb) it follows. */
function helpFor(positionals: readonly string[]): Command {
  const [first, second] = positionals;
  if (first === undefined) return { kind: 'help', exitCode: 0 };
  if (first === 'run' && second !== undefined && !isPlaybookPath(second)) return { kind: 'help', topic: verbOrThrow(second, false), exitCode: 0 };
  if (first === 'help') return { kind: 'help', topic: second !== undefined ? topicOf(second) : 'help', exitCode: 0 };
  if (isCommand(first)) return { kind: 'help', topic: first, exitCode: 0 };
  return { kind: 'help', topic: verbOrThrow(first, true), exitCode: 0 };
}

export function parseCli(argv: readonly string[]): Command {
  // the shell's completion hook: its words are half-typed, so they are not parsed here (complete-words.ts)
  if (argv[0] === '__complete') return { kind: 'complete', words: argv.slice(argv[1] === '--' ? 2 : 1) };
  const t = tokenize(argv);
  if (flag(t, 'help')) return helpFor(t.positionals);
  if (flag(t, 'version')) return { kind: 'version' };
  const [first, ...rest] = t.positionals;
  const options = optionsOf(t, first);
  const which = str(t, 'resume');
  if (which !== undefined) {
    if (first !== undefined && !(first === 'run' && rest.length === 0)) throw new UsageError('--resume takes no verb or targets: it re-runs the recorded ones');
    return { kind: 'resume', which, options };
  }
  if (first === undefined) return { kind: 'help', exitCode: 1 };
  switch (first) {
    case 'help':
      if (rest.length > 1) throw new UsageError(`'help' takes one command or verb, not ${rest.length}`);
      return { kind: 'help', ...(rest[0] !== undefined ? { topic: topicOf(rest[0]) } : {}), exitCode: 0 };
    case 'validate': return { kind: 'validate', options };
    case 'init':
      if (rest.length > 1) throw new UsageError(`'init' takes at most one directory, not ${rest.length}`);
      return { kind: 'init', ...(rest[0] !== undefined ? { dir: rest[0] } : {}), options };
    case 'completion': {
      const [shell, ...more] = rest;
      if (shell === undefined || more.length) throw new UsageError(`'completion' takes one shell: ${SHELLS.join(', ')}`);
      if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`no completion for shell '${printable(shell)}'; shells: ${SHELLS.join(', ')}`);
      return { kind: 'completion', shell: shell as Shell };
    }
    case 'graph': {
      const [target, ...ids] = rest;
      if (target === undefined) {
        if (options.limit.length) throw new UsageError("'graph --limit' needs a verb: phoenix graph <verb> --limit <ids>");
        return { kind: 'graph', ids: [], options };
      }
      return checked({ kind: 'graph' as const, verb: verbOrThrow(target, false), ids: [...ids, ...options.limit], options }, t);
    }
    case 'run':
    case 'plan': {
      const [target, ...ids] = rest;
      if (target === undefined) throw new UsageError(`'${first}' needs a verb${first === 'run' ? ' or a playbook file' : ''}; see: phoenix help ${first}`);
      if (first === 'run' && isPlaybookPath(target)) return { kind: 'playbook', file: target, options };
      const kind = first === 'run' ? ('run' as const) : ('plan' as const);
      return checked({ kind, verb: verbOrThrow(target, false), ids: [...ids, ...options.limit], options }, t);
    }
    default:
      return checked({ kind: 'run' as const, verb: verbOrThrow(first, true), ids: [...rest, ...options.limit], options }, t);
  }
}

/** The verbs that list a verb option (`applyPending`) in the verb table. */
const verbsWith = (verbOption: string): Verb[] => VERBS.filter((v) => (verbSpec(v).options as readonly string[]).includes(verbOption));

function checked<C extends { verb: Verb; ids: string[]; options: Options }>(c: C, t: Tokens): C {
  for (const o of OPTIONS) {
    // --all: accepted by every verb (it is how a guest verb names every guest; the others act on every guest anyway)
    if (!o.verbOption || o.verbOption === 'all' || !t.values.has(o.long)) continue;
    const takers = verbsWith(o.verbOption);
    if (!takers.includes(c.verb)) throw new UsageError(`--${o.long} is for ${takers.join(', ')}, not '${c.verb}'`);
  }
  if (!NO_TARGET_VERBS.includes(c.verb) && !c.ids.length && !c.options.all) {
    throw new TargetsMissing(c.verb);
  }
  return c;
}

/** The seed's line verbatim, then how to give targets (ids, or --all for every guest). */
class TargetsMissing extends UsageError {
  constructor(readonly verb: Verb) { super(`Verb '${verb}' requires at least one target ID`); }
  override lines(): string[] {
    return [this.message, `hint: name the guests (phoenix ${this.verb} 950 951) or use --all for every guest`];
  }
}

/** What the compiler is given for a verb: the ids and the compile options the options carry. */
export function compileOptions(verb: Verb, ids: readonly string[], o: Options): CompileOptions {
  return {
    ids, all: o.all, wipeDisks: o.wipeDisks, applyPending: o.applyPending,
    ...(o.suite !== undefined ? { suite: o.suite } : {}),
    ...((verbSpec(verb).options as readonly string[]).includes('recreate') && o.recreate ? { recreate: true } : {}),
  };
}
