// `connection: sim`: a local connection with the built-in simulator first on PATH and its state dir set.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NodeSpec } from '../../inventory/model.js';
import type { Connection } from '../connection.js';
import { createLocalConnection } from './local.js';

/** `<repo>/bin/sim` (this file is `<repo>/dist/src/runner/connections/sim.js` once built). */
export const SIM_BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../bin/sim');

export function simEnv(spec: NodeSpec): Record<string, string> {
  if (!spec.stateDir) throw new Error(`node ${spec.name}: connection sim needs stateDir`);
  return {
    PATH: `${SIM_BIN}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    PVE_SIM_DIR: spec.stateDir,
    PVE_SIM_NODE: spec.pveNode,
    PVE_SIM_PVE_DIR: spec.pveRoot,
  };
}

export function createSimConnection(spec: NodeSpec): Connection {
  return createLocalConnection(spec.name, simEnv(spec));
}
