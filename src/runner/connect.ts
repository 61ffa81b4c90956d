// A connection per node, by its inventory settings.
import { Unreachable } from '../errors.js';
import type { NodeSpec } from '../inventory/model.js';
import type { Connection } from './connection.js';
import { createLocalConnection } from './connections/local.js';

export interface ConnectOptions {
  acceptNewHostKeys?: boolean;
  connectTimeoutMs?: number;
  /** Working directory of a local node's commands: the config file's directory (relative `env` values resolve there). */
  baseDir?: string;
  /**
   * Connections opened before the run, by node name (node-lock.ts: each holds its node's lock; closing it releases
   * the lock), or the error connecting gave: used instead of connecting again, so a run works on the very connection
   * that holds its lock.
   */
  opened?: ReadonlyMap<string, OpenedNode>;
}

export type OpenedNode = { conn: Connection } | { error: Error };

export async function connect(spec: NodeSpec, opts: ConnectOptions = {}): Promise<Connection> {
  const pre = opts.opened?.get(spec.name);
  if (pre) {
    if ('error' in pre) throw pre.error;
    return pre.conn;
  }
  switch (spec.connection) {
    case 'local':
      return createLocalConnection(spec.name, spec.env, {
        ...(spec.path !== undefined ? { path: spec.path } : {}),
        ...(opts.baseDir !== undefined ? { cwd: opts.baseDir } : {}),
      });
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
