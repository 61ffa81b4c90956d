// Members of the simulated cluster: every node with a directory under `<pmxcfs>/nodes/` (a node joins by
// running its first command against the shared pmxcfs dir).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SimEnv } from '../core/env.js';
import { die } from '../core/errors.js';

export function clusterNodes(env: SimEnv): string[] {
  try {
    return readdirSync(join(env.pveDir, 'nodes')).sort();
  } catch {
    return [env.node];
  }
}

/** PVE::Cluster::check_node_exists: `no such cluster node 'x'`. */
export function checkNodeExists(env: SimEnv, node: string): void {
  if (!clusterNodes(env).includes(node)) die(`no such cluster node '${node}'`);
}
