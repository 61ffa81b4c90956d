// `phoenix help [<command>|<verb>]`, `phoenix <command> --help`: one page each, its options and a few examples.
// Verb pages are generated from the verb table (src/compile/targets.ts), options from the option table, so
// neither can drift from what the parser accepts.
import { VERBS, verbSpec, type Verb } from '../../compile/targets.js';
import { HELP, list, optionLines, usageOf } from '../help.js';
import type { Io } from '../io.js';
import { OPTIONS, type CommandName, type OptionDef } from '../option-table.js';

type Example = readonly [command: string, what: string];

const has = (v: Verb, verbOption: string): boolean => (verbSpec(v).options as readonly string[]).includes(verbOption);

/** The options a verb takes: the run options, and the verb options its table entry lists. */
const verbOptions = (v: Verb): OptionDef[] => OPTIONS.filter((o) => o.on.includes('run') && !o.verbless && (!o.verbOption || has(v, o.verbOption)));

function targetsText(v: Verb): string {
  const s = verbSpec(v);
  if (s.targets === 'guests') {
    return `guest ids${s.nodeTargets ? ' or inventory node names (a node target runs the hypervisor\'s suites)' : ''}, or --all for every guest; a bare \`${v}\` never means "everything".`;
  }
  if (s.targets === 'every-guest') {
    return `every guest of the configuration; ids${s.nodeTargets ? ' or node names (a node stands for its guests)' : ''} (or --limit) narrow it to those guests and what they need.`;
  }
  return `the hypervisor of every node, no guest ids${s.nodeTargets ? '; node names (or --limit <node>) narrow it to those nodes' : ''}.`;
}

function verbExamples(v: Verb): Example[] {
  const s = verbSpec(v);
  if (s.targets === 'guests') {
    return [
      [`phoenix ${v} 950 951`, `${v} guests 950 and 951`],
      [`phoenix run ${v} --limit 950 --check`, 'report what would change, change nothing (exit 2 if something would)'],
      s.nodeTargets && has(v, 'suite')
        ? [`phoenix ${v} pve --suite smoke --junit report.xml`, 'the hypervisor\'s suite \'smoke\' on node pve, as JUnit XML']
        : [`phoenix ${v} --all --dry-run`, 'print the plan for every guest; contact no node'],
    ];
  }
  if (s.targets === 'every-guest') {
    return [[`phoenix ${v}`, 'every guest'], [`phoenix ${v} --check`, 'report what would change, change nothing'], [`phoenix ${v} --limit 950`, 'only 950 and what it needs']];
  }
  return [
    [`phoenix ${v}`, 'every node'],
    [`phoenix ${v} --check`, 'report what would change, change nothing'],
    s.nodeTargets ? [`phoenix ${v} --limit pve2`, 'node pve2 only'] : [`phoenix plan ${v}`, 'print the plan as YAML'],
  ];
}

function examples(xs: readonly Example[]): string[] {
  const width = Math.max(...xs.map(([c]) => c.length)) + 3;
  return xs.map(([c, w]) => `  ${c.padEnd(width)}${w}`);
}

function page(title: string, usage: readonly string[], body: readonly string[], opts: readonly OptionDef[], xs: readonly Example[], cmd?: CommandName): string {
  return [
    title, '', 'Usage:', ...usage.map((u) => `  ${u}`), '',
    ...(body.length ? [...body, ''] : []),
    ...(opts.length ? ['Options:', ...optionLines(opts, cmd), ''] : []),
    'Examples:', ...examples(xs), '',
  ].join('\n');
}

export function verbPage(v: Verb): string {
  const s = verbSpec(v);
  const guestRule = s.targets === 'guests' || s.targets === 'every-guest';
  const usage = s.targets === 'guests' ? usageOf(v) : `${v}${guestRule ? ` [<id${s.nodeTargets ? '|node' : ''}>...]` : s.nodeTargets ? ' [<node>...]' : ''}`;
  const limit = guestRule ? ' --limit <ids>' : s.nodeTargets ? ' --limit <nodes>' : '';
  return page(`phoenix ${v} - ${s.summary}`,
    [`phoenix ${usage} [options]`, `phoenix run ${v}${limit} [options]`, `phoenix plan ${v} ... [--format yaml|json] [-o FILE]   (compile only)`],
    [`Targets: ${targetsText(v)}`], verbOptions(v), verbExamples(v), 'run');
}

const on = (cmd: CommandName | 'playbook'): OptionDef[] => OPTIONS.filter((o) => o.on.includes(cmd));

const COMMAND_PAGES: Record<CommandName, () => string> = {
  run: () => page('phoenix run - compile a verb into a plan and run it on the nodes (or run a compiled playbook)',
    ['phoenix run <verb> [--limit <ids>] [options]', 'phoenix <verb> [<id>...] [options]      (the same, short)', 'phoenix run <playbook.yaml> [options]', 'phoenix run --resume last|<run-id>'],
    [`Verbs: ${list(VERBS)} (phoenix help <verb> for one).`, 'Each step checks before it acts; a second run changes nothing. A journal of every run is kept under .phoenix/runs/.'],
    OPTIONS.filter((o) => o.on.includes('run') || o.on.includes('playbook')),
    [['phoenix run LetsGo', 'every guest: created in dependency order, started in boot order'], ['phoenix run create --limit 950,951 --check', 'what would change for 950 and 951 (exit 2 if something would)'], ['phoenix run playbooks/LetsGo.yaml', 'a compiled playbook, checked against the configuration first'], ['phoenix run --resume last', 'the last interrupted run again']], 'run'),
  plan: () => page('phoenix plan - compile a verb into a plan and print it (YAML playbook or JSON); contacts no node',
    ['phoenix plan <verb> [<id>...] [--format yaml|json] [-o FILE]'],
    ['The YAML is a playbook: `phoenix run <file>` runs it as written (after checking it against the configuration).'],
    on('plan'), [['phoenix plan LetsGo', 'the whole converge as YAML'], ['phoenix plan create 950 --format json', 'the plan as JSON (steps[].id, node, guest, task, after)'], ['phoenix plan LetsGo -o playbooks/LetsGo.yaml', 'write a playbook to run later']], 'plan'),
  validate: () => page('phoenix validate - load and validate every file and script; contacts no node',
    ['phoenix validate [-c FILE] [-i FILE]'],
    ['Every problem is reported at once, one line each (file: /json/path: message); exit 1 when there is any.'],
    on('validate'), [['phoenix validate', 'the config found from the current directory'], ['phoenix validate -c site/phoenix.config.yaml', 'an explicit config'], ['phoenix validate --json', 'problems as NDJSON `error` events on stdout']], 'validate'),
  graph: () => page('phoenix graph - the estate as a graph: nodes, guests, clone sources, dependencies, boot order',
    ['phoenix graph [--format mermaid|dot]', 'phoenix graph <verb> [<id>...] [--format mermaid|dot]   (the guests a verb\'s plan touches, in its order)'],
    ['Mermaid by default (paste it into a Markdown ```mermaid block); dot for Graphviz.'],
    on('graph'), [['phoenix graph', 'the whole estate in Mermaid'], ['phoenix graph --format dot | dot -Tsvg > estate.svg', 'an SVG through Graphviz'], ['phoenix graph start --all', 'the order `start --all` would follow']], 'graph'),
  completion: () => page('phoenix completion - a shell completion script: commands, verbs, options and the guest ids of your config',
    ['phoenix completion bash|zsh|fish'],
    ['The script asks `phoenix __complete` at completion time, which reads the config quietly (a broken config completes nothing).'],
    [], [['phoenix completion bash > ~/.local/share/bash-completion/completions/phoenix', 'bash (or: source <(phoenix completion bash))'], ['phoenix completion zsh > "${fpath[1]}/_phoenix"', 'zsh'], ['phoenix completion fish > ~/.config/fish/completions/phoenix.fish', 'fish']]),
  init: () => page('phoenix init - a new project that runs at once on the built-in Proxmox simulator',
    ['phoenix init [<dir>]'],
    ['Writes phoenix.config.yaml (one simulated node), the three JSON files (a container template and a clone), a feature script, and $schema pointers for editors. Refuses a directory that is not empty.'],
    on('init'), [['phoenix init demo && cd demo', 'a new project in ./demo'], ['phoenix validate && phoenix plan LetsGo', 'check it and see the plan'], ['phoenix run LetsGo', 'converge it on the simulator']], 'init'),
  help: () => page('phoenix help - this page for a command or verb',
    ['phoenix help [<command>|<verb>]', 'phoenix <command> --help'],
    [], [], [['phoenix help', 'every command, verb and option'], ['phoenix help create', 'the create verb'], ['phoenix run LetsGo --help', 'the same as phoenix help LetsGo']]),
};

export function helpPage(topic: Verb | CommandName | undefined): string {
  if (topic === undefined) return HELP;
  return Object.hasOwn(COMMAND_PAGES, topic) ? COMMAND_PAGES[topic as CommandName]() : verbPage(topic as Verb);
}

/** `phoenix` alone prints the help and exits 1 (it is not a command); `phoenix help` exits 0. */
export function helpCommand(io: Io, topic: Verb | CommandName | undefined, exitCode: 0 | 1): number {
  io.stdout.write(helpPage(topic));
  return exitCode;
}
