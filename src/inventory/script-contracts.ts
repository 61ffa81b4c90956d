// The two script contracts, and which one each script a guest refers to runs under (`phoenix validate` prints it):
// - in-guest: `features/<name>.sh`, `apps/<file>`, `health/<file>`, `tests/<path>` are pushed into the guest and run
//   there (src/tasks/feature.ts, bounded-exec.ts);
// - host-side (the Bash original's contract): `features/<name>.host.sh` and `health/<x>.host.sh` of a CT run on its
//   node as `SCRIPT CTID [bootstrap_ca_url]` (health: `SCRIPT CTID`), src/tasks/host-script.ts.
import type { Guest, Model } from './model.js';

export const HOST_SUFFIX = '.host.sh';
export const isHostScript = (rel: string): boolean => rel.endsWith(HOST_SUFFIX);
export const hostFeatureRel = (feature: string): string => `features/${feature}${HOST_SUFFIX}`;

export const IN_GUEST = 'in-guest';
export const HOST_FEATURE = 'host-side (argv CTID [bootstrap_ca_url])';
export const HOST_HEALTH = 'host-side (argv CTID)';

/**
 * The feature script a guest's feature runs: a CT's is features/<name>.host.sh when that exists, else (and a VM's
 * always) features/<name>.sh. The original's layout maps onto it: bin/lxc_setup/ scripts ran on the host, its
 * bin/vm_features/ scripts of the same names ran inside VMs.
 */
export function featureScript(kind: Guest['kind'], feature: string, exists: (rel: string) => boolean): { rel: string; contract: string } {
  const host = hostFeatureRel(feature);
  if (kind === 'lxc' && exists(host)) return { rel: host, contract: HOST_FEATURE };
  return { rel: `features/${feature}.sh`, contract: IN_GUEST };
}

/** The health check script of a command (its first word's file name under health/) when there is one. */
function healthScript(command: string | string[], exists: (rel: string) => boolean): string | undefined {
  const first = (Array.isArray(command) ? command[0] : command.trim().split(/\s+/)[0]) ?? '';
  const rel = `health/${first.split('/').pop() ?? first}`;
  return first !== '' && exists(rel) ? rel : undefined;
}

/** `CT 950 feature nvidia: features/nvidia.host.sh: host-side (argv CTID [bootstrap_ca_url])`, one per script. */
export function scriptContractLines(model: Model): string[] {
  const files = model.scriptFiles ?? {};
  const exists = (rel: string): boolean => files[rel] !== undefined;
  const out: string[] = [];
  const guests = [...model.guests.values()].sort((a, b) => Number(a.id) - Number(b.id) || a.kind.localeCompare(b.kind));
  for (const g of guests) {
    const who = `${g.kind === 'lxc' ? 'CT' : 'VM'} ${g.id}`;
    for (const f of g.features) {
      const s = featureScript(g.kind, f, exists);
      out.push(`${who} feature ${f}: ${s.rel}: ${s.contract}`);
    }
    if (g.kind === 'lxc' && g.config.application_script) out.push(`${who} application script: apps/${g.config.application_script}: ${IN_GUEST}`);
    const h = g.config.health_check;
    const rel = h ? healthScript(h.command, exists) : undefined;
    if (rel) out.push(`${who} health check: ${rel}: ${g.kind === 'lxc' && isHostScript(rel) ? HOST_HEALTH : IN_GUEST}`);
    for (const [suite, cases] of Object.entries(g.config.tests ?? {})) {
      for (const t of cases) out.push(`${who} test ${suite}/${t.name}: tests/${t.path}: ${IN_GUEST}`);
    }
  }
  return out;
}
