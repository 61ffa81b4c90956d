// pve-common src/PVE/CLIHandler.pm resolve_cmd: walk the command table word by word; a word may be a unique prefix
// of a command that is not an alias (`$expand_command_name`); an alias is replaced by its words once.
import type { Command, Table } from './cmddef.js';

export type Resolved =
  | { kind: 'command'; command: Command; cmdStr: string; rest: string[] }
  | { kind: 'unknown' | 'incomplete' | 'none'; cmdStr: string };

const isAlias = (x: unknown): x is { alias: string } => typeof x === 'object' && x !== null && 'alias' in x;
const isCommand = (x: unknown): x is Command => typeof x === 'object' && x !== null && 'args' in x;

function expand(table: Table, word: string): string | undefined {
  if (word in table) return word;
  const hits = Object.keys(table).filter((k) => k.startsWith(word) && !isAlias(table[k]));
  return hits.length === 1 ? hits[0] : undefined;
}

export function resolveCommand(exe: string, table: Table, argv: readonly string[], viaAlias = false): Resolved {
  if (argv.length === 0) return { kind: 'none', cmdStr: exe };
  let level: Table = table;
  let cmdStr = exe;
  for (let i = 0; i < argv.length; i++) {
    const word = expand(level, argv[i] as string) ?? (argv[i] as string);
    cmdStr += ` ${word}`;
    const def = level[word];
    if (def === undefined) return { kind: 'unknown', cmdStr };
    if (isAlias(def)) {
      if (viaAlias) throw new Error(`alias loop detected for '${word}'`);
      return resolveCommand(exe, table, [...argv.slice(0, i), ...def.alias.split(/ +/), ...argv.slice(i + 1)], true);
    }
    if (isCommand(def)) return { kind: 'command', command: def, cmdStr, rest: argv.slice(i + 1) };
    level = def;
  }
  return { kind: 'incomplete', cmdStr };
}
