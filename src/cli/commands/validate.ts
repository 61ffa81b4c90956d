// `phoenix validate`: load and validate every file, cross-file checks and every script a run could need included
// (without a `scripts` key, those under <config dir>/scripts). Contacts no node.
import { scriptContractLines } from '../../inventory/script-contracts.js';
import { loadFor } from '../load.js';
import { println, type Io } from '../io.js';
import type { Options } from '../parse-args.js';

export async function validateCommand(io: Io, o: Options): Promise<number> {
  const model = await loadFor(io, o, { checkAllScripts: true });
  const lxc = [...model.guests.values()].filter((g) => g.kind === 'lxc').length;
  println(io.stdout, `valid: ${lxc} containers, ${model.guests.size - lxc} VMs, ${Object.keys(model.inventory.nodes).length} node(s)`);
  // which contract each script runs under: in-guest, or host-side (the original's argv CTID [bootstrap_ca_url])
  const scripts = scriptContractLines(model);
  if (scripts.length) println(io.stdout, ['scripts:', ...scripts.map((l) => `  ${l}`)].join('\n'));
  return 0;
}
