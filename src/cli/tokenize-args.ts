// argv -> option values and positionals, by the option table, with Phoenix's own error texts (Node's parseArgs
// messages name its internals and hint at the wrong thing).
import { didYouMean } from '../compile/nearest.js';
import { UsageError } from '../errors.js';
import { OPTIONS, optionByLong, optionByShort, type OptionDef } from './option-table.js';

export interface Tokens {
  /** By long name: `true` for a flag, the value (the last one given) or every value of a `multiple` option. */
  values: Map<string, true | string | string[]>;
  positionals: string[];
}

const LONGS = OPTIONS.map((o) => `--${o.long}`);

/** The nearest long option; a one-letter option has no meaningful "nearest". */
function unknown(name: string): UsageError {
  return new UsageError(`unknown option '${name}'${name.startsWith('--') ? didYouMean(name, LONGS) : ''}`);
}

/** A value-taking option's value must not look like another option (`-c --json`: the value is missing). */
const looksLikeOption = (s: string): boolean => /^-[A-Za-z-]/.test(s);

export function tokenize(argv: readonly string[]): Tokens {
  const values = new Map<string, true | string | string[]>();
  const positionals: string[] = [];
  const set = (o: OptionDef, v: true | string): void => {
    if (o.multiple && typeof v === 'string') values.set(o.long, [...((values.get(o.long) as string[] | undefined) ?? []), v]);
    else values.set(o.long, v);
  };
  const needValue = (o: OptionDef, shown: string, next: string | undefined): string => {
    if (next === undefined || looksLikeOption(next)) throw new UsageError(`option '${shown}' needs a value (${o.value ?? 'a value'})`);
    return next;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a : a.slice(0, eq);
      const o = optionByLong(name.slice(2));
      if (!o) throw unknown(name);
      if (!o.value) {
        if (eq >= 0) throw new UsageError(`option '${name}' takes no value`);
        set(o, true);
      } else if (eq >= 0) set(o, a.slice(eq + 1));
      else set(o, needValue(o, name, argv[++i]));
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const o = optionByShort(a[k]!);
        if (!o) throw unknown(`-${a[k]!}`);
        if (!o.value) { set(o, true); continue; }
        const rest = a.slice(k + 1);
        set(o, rest ? rest : needValue(o, `-${o.short!}`, argv[++i]));
        break;
      }
      continue;
    }
    positionals.push(a);
  }
  return { values, positionals };
}
