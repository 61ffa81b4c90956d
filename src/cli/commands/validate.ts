// `phoenix validate`: load and validate every file, cross-file checks included. Contacts no node.
import { loadModel } from '../../inventory/load-model.js';
import { println, type Io } from '../io.js';
import type { Options } from '../parse-args.js';

export async function validateCommand(io: Io, o: Options): Promise<number> {
  const model = await loadModel({ cwd: io.cwd, ...(o.config ? { configFile: o.config } : {}), ...(o.inventory ? { inventoryFile: o.inventory } : {}) });
  for (const w of model.warnings) println(io.stderr, `warning: ${w}`);
  const lxc = [...model.guests.values()].filter((g) => g.kind === 'lxc').length;
  println(io.stdout, `valid: ${lxc} containers, ${model.guests.size - lxc} VMs, ${Object.keys(model.inventory.nodes).length} node(s)`);
  return 0;
}
