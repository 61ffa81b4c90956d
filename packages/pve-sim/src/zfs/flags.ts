// getopt(3)-style flags for zfs/zpool: combined (-Hp), with values (-o a,b / -oa,b), repeatable,
// permuted like glibc getopt (flags may follow operands until `--`).
import { SimError } from '../core/errors.js';

export interface Flags { set: Set<string>; values: Record<string, string[]>; rest: string[] }

export function usageError(msg: string, usage: string): never {
  throw new SimError(`${msg}\nusage:\n${usage}`, 2);
}

export function parseFlags(args: readonly string[], bools: string, withValue: string, usage: string): Flags {
  const out: Flags = { set: new Set(), values: {}, rest: [] };
  let i = 0;
  const words: string[] = [];
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') { i++; break; }
    if (!a.startsWith('-') || a === '-') { words.push(a); continue; }
    for (let j = 1; j < a.length; j++) {
      const c = a[j] as string;
      if (bools.includes(c)) { out.set.add(c); continue; }
      if (withValue.includes(c)) {
        const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (v === undefined) usageError(`missing argument for '${c}' option`, usage);
        (out.values[c] ??= []).push(v);
        break;
      }
      usageError(`invalid option '${c}'`, usage);
    }
  }
  out.rest = [...words, ...args.slice(i)];
  return out;
}
