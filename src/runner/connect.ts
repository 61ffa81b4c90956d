// A connection per node, by its inventory settings.
import { Unreachable } from '../errors.js';
import type { NodeSpec } from '../inventory/model.js';
import type { Connection } from './connection.js';
import { createLocalConnection } from './connections/local.js';
import { createSimConnection } from './connections/sim.js';

export interface ConnectOptions { acceptNewHostKeys?: boolean; connectTimeoutMs?: number }

export async function connect(spec: NodeSpec, opts: ConnectOptions = {}): Promise<Connection> {
  switch (spec.connection) {
    case 'local': return createLocalConnection(spec.name);
    case 'sim': return createSimConnection(spec);
    case 'ssh': {
      const { createSshConnection } = await import('./ssh/index.js');
      try {
        return await createSshConnection(spec, opts);
      } catch (e) {
        if (e instanceof Unreachable) throw e;
        throw new Unreachable(spec.name, (e as Error).message);
      }
    }
  }
}
