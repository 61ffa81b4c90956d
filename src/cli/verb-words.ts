// Words on the command line that name a verb, a command or a shell: exact, or a verb in any case (`letsgo`); a
// mistyped one is an error with the nearest names (src/compile/nearest.ts).
import { didYouMean } from '../compile/nearest.js';
import { VERBS, type Verb } from '../compile/targets.js';
import { UsageError } from '../errors.js';
import { COMMANDS, type CommandName } from './option-table.js';

export type Shell = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

/** A user-given string as one printable line (control characters escaped). */
export const printable = (s: string): string => s.replace(/[\x00-\x1f\x7f]/g, (c) => (c === '\n' ? '\\n' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));

export const isCommand = (s: string): s is CommandName => (COMMANDS as readonly string[]).includes(s);

/** A verb as typed: exact, or the one verb equal ignoring case (`letsgo` is LetsGo); else undefined. */
export function verbOf(word: string): Verb | undefined {
  if ((VERBS as readonly string[]).includes(word)) return word as Verb;
  const same = VERBS.filter((v) => v.toLowerCase() === word.toLowerCase());
  return same.length === 1 ? same[0] : undefined;
}

/** The seed's `Invalid verb 'x'`, with the nearest verbs (and commands, where one may stand) as a suggestion. */
export function verbOrThrow(word: string, commandsToo: boolean): Verb {
  const v = verbOf(word);
  if (v) return v;
  throw new UsageError(`Invalid verb '${printable(word)}'${didYouMean(word, commandsToo ? [...VERBS, ...COMMANDS] : VERBS)}`);
}

export function topicOf(word: string): Verb | CommandName {
  if (isCommand(word)) return word;
  const v = verbOf(word);
  if (v) return v;
  throw new UsageError(`no help for '${printable(word)}'${didYouMean(word, [...COMMANDS, ...VERBS])}; try: phoenix help`);
}
