// Shell completion: the words typed so far (the last one half-typed) -> the candidates for the last one. Commands,
// verbs and options come from the tables; guest ids and node names from the config, read only when needed.
import { VERBS, verbSpec, type Verb } from '../compile/targets.js';
import { COMMANDS, OPTIONS, optionByLong, optionByShort, type CommandName, type OptionDef } from './option-table.js';
import { SHELLS, verbOf } from './verb-words.js';

/** What the config offers; each read at most when asked (a broken config gives nothing). */
export interface CompletionSource { guests(): Promise<string[]>; nodes(): Promise<string[]> }

/** Complete file names instead (the shell does it). */
export const FILES = ':files';

const FILE_VALUES = new Set(['config', 'inventory', 'junit', 'output']);

/** The option a word names (`--config`, `-c`, not `--config=x` which carries its value). */
function optionOf(word: string): OptionDef | undefined {
  if (word.startsWith('--') && !word.includes('=')) return optionByLong(word.slice(2));
  if (/^-[A-Za-z]$/.test(word)) return optionByShort(word.slice(1));
  return undefined;
}

/** The positionals among the words (option values skipped). */
function positionalsOf(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.startsWith('-')) { if (optionOf(w)?.value) i++; continue; }
    out.push(w);
  }
  return out;
}

/** The command and verb the positionals name (`create` is `run create`). */
function commandOf(pos: readonly string[]): { cmd?: CommandName; verb?: Verb; args: string[] } {
  const [first, second, ...more] = pos;
  if (first === undefined) return { args: [] };
  if ((COMMANDS as readonly string[]).includes(first)) {
    const cmd = first as CommandName;
    const verb = (cmd === 'run' || cmd === 'plan' || cmd === 'graph') && second !== undefined ? verbOf(second) : undefined;
    return { cmd, ...(verb ? { verb } : {}), args: verb ? more : pos.slice(1) };
  }
  const verb = verbOf(first);
  return { cmd: 'run', ...(verb ? { verb } : {}), args: pos.slice(1) };
}

function optionsFor(cmd: CommandName | undefined, verb: Verb | undefined): string[] {
  const takes = (o: OptionDef): boolean => !o.verbOption || verb === undefined || (verbSpec(verb).options as readonly string[]).includes(o.verbOption);
  return OPTIONS.filter((o) => (cmd === undefined ? true : o.on.includes(cmd) || (cmd === 'run' && !verb && o.on.includes('playbook'))) && takes(o) && !(verb && o.verbless)).map((o) => `--${o.long}`);
}

/** Ids for `--limit 950,9`: the part after the last comma completes, the rest is kept. */
function commaList(cur: string, ids: readonly string[]): string[] {
  const cut = cur.lastIndexOf(',') + 1;
  const done = cur.slice(0, cut).split(',').filter(Boolean);
  return ids.filter((id) => !done.includes(id)).map((id) => `${cur.slice(0, cut)}${id}`);
}

async function targetsOf(verb: Verb, src: CompletionSource): Promise<string[]> {
  const s = verbSpec(verb);
  return [...(await src.guests()), ...(s.nodeTargets ? await src.nodes() : [])];
}

async function candidates(words: readonly string[], src: CompletionSource): Promise<string[] | typeof FILES> {
  const cur = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  const { cmd, verb, args } = commandOf(positionalsOf(before));
  const prev = before.length ? optionOf(before[before.length - 1]!) : undefined;
  if (prev?.value) {
    if (FILE_VALUES.has(prev.long)) return FILES;
    if (prev.long === 'limit') return commaList(cur, verb ? await targetsOf(verb, src) : await src.guests());
    return [...((cmd ? prev.choices?.[cmd] : undefined) ?? [])];
  }
  if (cur.startsWith('-')) return optionsFor(cmd, verb);
  if (cmd === undefined) return [...COMMANDS, ...VERBS];
  if (verb) return (await targetsOf(verb, src)).filter((id) => !args.includes(id));
  switch (cmd) {
    case 'help': return args.length ? [] : [...COMMANDS, ...VERBS];
    case 'completion': return args.length ? [] : [...SHELLS];
    case 'init': return args.length ? [] : FILES;
    case 'run': return args.length ? [] : /[./]/.test(cur) ? FILES : [...VERBS];
    case 'plan': case 'graph': return args.length ? [] : [...VERBS];
    default: return [];
  }
}

/** The candidates for the last word, starting with it; or FILES. */
export async function completeWords(words: readonly string[], src: CompletionSource): Promise<string[] | typeof FILES> {
  const cur = words[words.length - 1] ?? '';
  const c = await candidates(words.length ? words : [''], src);
  return c === FILES ? FILES : [...new Set(c)].filter((x) => x.startsWith(cur));
}
