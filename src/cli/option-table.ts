// Every command-line option in one table: the parser (parse-args.ts), the help pages (help.ts, commands/help.ts)
// and shell completion (complete-words.ts) are generated from it, so they cannot disagree.

/** The commands a person types (a verb is `run <verb>`; `playbook` is `run <file.yaml>`). */
export const COMMANDS = ['run', 'plan', 'validate', 'graph', 'completion', 'init', 'help'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface OptionDef {
  long: string;
  short?: string;
  /** Placeholder of a value-taking option (`FILE`); absent for a flag. */
  value?: string;
  /** May be given more than once (values collected). */
  multiple?: boolean;
  help: string;
  /** The commands it belongs to (`run` covers every verb; `playbook` is `run <file.yaml>`). */
  on: readonly (CommandName | 'playbook')[];
  /** A verb option of the verb table (src/compile/targets.ts): shown and accepted only for verbs that list it. */
  verbOption?: string;
  /** Takes no verb (`run --resume`): not on a verb's page. */
  verbless?: boolean;
  /** Per-command placeholder and help (e.g. --format: yaml|json for plan, mermaid|dot for graph). */
  per?: Partial<Record<CommandName, { value: string; help: string }>>;
  /** Values completion offers. */
  choices?: Partial<Record<CommandName, readonly string[]>>;
}

const LOADS = ['run', 'plan', 'validate', 'graph', 'playbook'] as const;
const VERBS_ON = ['run', 'plan', 'graph'] as const;

export const OPTIONS: readonly OptionDef[] = [
  { long: 'config', short: 'c', value: 'FILE', help: 'phoenix config (default: searched from the current directory)', on: LOADS },
  { long: 'inventory', short: 'i', value: 'FILE', help: 'YAML inventory replacing the config\'s inventory', on: LOADS },
  { long: 'limit', value: '950,951', multiple: true, help: 'targets: guest ids, or node names where the verb takes them (repeatable; same as ids after the verb)', on: VERBS_ON },
  { long: 'all', help: 'every guest', on: VERBS_ON, verbOption: 'all' },
  { long: 'dry-run', help: 'compile and print the plan; contact no node', on: ['run', 'playbook'] },
  { long: 'check', help: 'read-only: report what would change (exit 2 when changes are pending)', on: ['run', 'playbook'] },
  { long: 'json', help: 'NDJSON events on stdout (errors too), human output on stderr', on: ['run', 'playbook', 'validate', 'plan', 'graph'] },
  { long: 'concurrency', value: 'N', help: 'at most N steps at once', on: ['run', 'playbook'] },
  { long: 'suite', value: 'NAME', help: 'only this test suite (the guests\' tests, or the hypervisor\'s for a node target)', on: VERBS_ON, verbOption: 'suite' },
  { long: 'junit', value: 'FILE', help: 'write a JUnit XML report (test: each check a test case)', on: ['run', 'playbook'] },
  { long: 'wipe-disks', help: 'allow destructive disk steps (the config must allow them too)', on: VERBS_ON, verbOption: 'wipeDisks' },
  { long: 'apply-pending', help: 'restart running guests with pending changes, in boot order', on: VERBS_ON, verbOption: 'applyPending' },
  {
    long: 'recreate', on: VERBS_ON, verbOption: 'recreate',
    help: 'destroy and re-create owned guests that cannot be converged in place (immutable-field drift, a guest left locked by an interrupted create)',
  },
  { long: 'adopt', help: 'manage guests that exist but were not built by Phoenix (no \'phoenix\' tag)', on: ['run', 'playbook'] },
  { long: 'force', help: 'run the playbook as written: skip its checks against the configuration', on: ['playbook'] },
  { long: 'accept-new-host-keys', help: 'trust and record unknown SSH host keys', on: ['run', 'playbook'] },
  { long: 'resume', value: 'last|RUN-ID', help: 're-run an interrupted run\'s verb and targets (done work is skipped)', on: ['run'], verbless: true, choices: { run: ['last'] } },
  { long: 'output', short: 'o', value: 'FILE', help: 'write the playbook here', on: ['plan'] },
  {
    long: 'format', value: 'FORMAT', help: 'output format', on: ['plan', 'graph'],
    per: { plan: { value: 'yaml|json', help: 'output format (default yaml)' }, graph: { value: 'mermaid|dot', help: 'output format (default mermaid)' } },
    choices: { plan: ['yaml', 'json'], graph: ['mermaid', 'dot'] },
  },
  { long: 'verbose', short: 'v', help: 'stack traces on errors', on: [...LOADS, 'init'] },
  { long: 'help', short: 'h', help: 'this help (or a command\'s page)', on: [...COMMANDS, 'playbook'] },
  { long: 'version', help: 'print the version', on: [] },
];

export const optionByLong = (long: string): OptionDef | undefined => OPTIONS.find((o) => o.long === long);
export const optionByShort = (short: string): OptionDef | undefined => OPTIONS.find((o) => o.short === short);

/** `-c, --config FILE` as help and errors show it. */
export function optionLabel(o: OptionDef, cmd?: CommandName): string {
  const value = (cmd ? o.per?.[cmd]?.value : undefined) ?? o.value;
  return `${o.short ? `-${o.short}, ` : '    '}--${o.long}${value ? ` ${value}` : ''}`;
}

export const optionHelp = (o: OptionDef, cmd?: CommandName): string => (cmd ? o.per?.[cmd]?.help : undefined) ?? o.help;
