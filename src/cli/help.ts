// --help. The verbs, their summaries and their target rules come from the verb table (src/compile/targets.ts);
// the options from the option table (option-table.ts). A command's own page: commands/help.ts.
import { NO_TARGET_VERBS, VERBS, verbSpec, type Verb } from '../compile/targets.js';
import { OPTIONS, optionHelp, optionLabel, type CommandName, type OptionDef } from './option-table.js';

/** `create <id>... | --all`, `test <id|node>... | --all`, `setup`. */
export function usageOf(v: Verb): string {
  const s = verbSpec(v);
  if (s.targets !== 'guests') return v;
  return `${v} <id${s.nodeTargets ? '|node' : ''}>...${(s.options as readonly string[]).includes('all') ? ' | --all' : ''}`;
}

function verbLines(): string[] {
  const width = Math.max(...VERBS.map((v) => usageOf(v).length)) + 2;
  return VERBS.map((v) => `  ${usageOf(v).padEnd(width)}${verbSpec(v).summary}`);
}

export const list = (xs: readonly string[], and = 'and'): string => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} ${and} ${xs[xs.length - 1]}` : xs.join(''));

/** Aligned `  -c, --config FILE    help` lines. */
export function optionLines(opts: readonly OptionDef[], cmd?: CommandName): string[] {
  const labels = opts.map((o) => optionLabel(o, cmd));
  const width = Math.max(...labels.map((l) => l.length)) + 3;
  return opts.map((o, i) => `  ${labels[i]!.padEnd(width)}${optionHelp(o, cmd)}`);
}

/** Every option, with what it belongs to when that is one verb option (`create, reconfigure, LetsGo: ...`). */
function allOptionLines(): string[] {
  const shown = OPTIONS.map((o) => {
    const takers = o.verbOption && o.verbOption !== 'all' ? VERBS.filter((v) => (verbSpec(v).options as readonly string[]).includes(o.verbOption!)) : [];
    const only = o.on.length === 1 && o.on[0] !== 'run' ? `${o.on[0]}: ` : '';
    return { ...o, help: `${takers.length ? `${takers.join('/')}: ` : only}${o.help}${o.per ? ` (${Object.entries(o.per).map(([c, p]) => `${c}: ${p.value}`).join('; ')})` : ''}` };
  });
  return optionLines(shown);
}

export const HELP = `Phoenix - converge a Proxmox VE estate from JSON configuration

Usage:
  phoenix run <verb> [--limit <ids>] [options]    run a verb (the Ansible-style form)
  phoenix run <playbook.yaml> [options]           run a compiled playbook
  phoenix <verb> [<id>...] [options]              short form of: run <verb> --limit <ids>
  phoenix plan <verb> [<id>...] [--format yaml|json] [-o FILE]   compile only; contacts no node
  phoenix run --resume last|<run-id>              re-run an interrupted run's verb and targets (check-then-act: done work is skipped)
  phoenix validate                                load and validate every file; contacts no node
  phoenix graph [<verb> [<id>...]] [--format mermaid|dot]   the estate (or a verb's plan) as a graph
  phoenix init [<dir>]                            a new project on the built-in simulator
  phoenix completion bash|zsh|fish                shell completion script
  phoenix help [<command>|<verb>]                 a page for one command or verb

Verbs:
${verbLines().join('\n')}
  Every verb except ${list(NO_TARGET_VERBS)} needs target ids (or --all); a bare verb never means "everything".

Options:
${allOptionLines().join('\n')}

Exit codes: 0 success or nothing to do; 1 any error; 2 with --check: changes pending.
More: phoenix help <command>  (e.g. phoenix help create, phoenix help plan)
`;
