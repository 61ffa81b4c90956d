// --help. The verbs, their summaries and their target rules come from the verb table (src/compile/targets.ts).
import { NO_TARGET_VERBS, VERBS, verbSpec, type Verb } from '../compile/targets.js';

/** `create <id>... | --all`, `test <id|node>... | --all`, `setup`. */
function usageOf(v: Verb): string {
  const s = verbSpec(v);
  if (s.targets !== 'guests') return v;
  return `${v} <id${s.nodeTargets ? '|node' : ''}>...${s.options.includes('all') ? ' | --all' : ''}`;
}

function verbLines(): string[] {
  const width = Math.max(...VERBS.map((v) => usageOf(v).length)) + 2;
  return VERBS.map((v) => `  ${usageOf(v).padEnd(width)}${verbSpec(v).summary}`);
}

const list = (xs: readonly string[]): string => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : xs.join(''));

export const HELP = `Phoenix - converge a Proxmox VE estate from JSON configuration

Usage:
  phoenix run <verb> [--limit <ids>] [options]    run a verb (the Ansible-style form)
  phoenix run <playbook.yaml> [options]           run a compiled playbook
  phoenix <verb> [<id>...] [options]              short form of: run <verb> --limit <ids>
  phoenix plan <verb> [<id>...] [--format yaml|json] [-o FILE]   compile only; contacts no node
  phoenix run --resume last|<run-id>              re-run an interrupted run's verb and targets (check-then-act: done work is skipped)
  phoenix validate                                load and validate every file; contacts no node

Verbs:
${verbLines().join('\n')}
  Every verb except ${list(NO_TARGET_VERBS)} needs target ids (or --all); a bare verb never means "everything".

Options:
  -c, --config FILE        phoenix config (default: searched from the current directory)
  -i, --inventory FILE     YAML inventory replacing the config's inventory
      --limit 950,951      target ids (repeatable)
      --all                every guest
      --dry-run            compile and print the plan; contact no node
      --check              read-only: report what would change (exit 2 when changes are pending)
      --json               NDJSON events on stdout, human output on stderr
      --concurrency N      at most N steps at once
      --suite NAME         test: only this suite (the guests' tests, or the hypervisor's for a node target)
      --junit FILE         test: write JUnit XML
      --wipe-disks         setup: allow destructive disk steps (the config must allow them too)
      --apply-pending      create/reconfigure/LetsGo: restart running guests with pending changes, in boot order
      --adopt              manage guests that exist but were not built by Phoenix (no 'phoenix' tag)
      --force              run a playbook as written: skip its checks against the configuration (configHash, steps)
      --accept-new-host-keys   trust and record unknown SSH host keys
  -o, --output FILE        plan: write the playbook here
      --format yaml|json   plan: output format
  -v, --verbose            stack traces on errors
  -h, --help | --version

Exit codes: 0 success or nothing to do; 1 any error; 2 with --check: changes pending.
`;
