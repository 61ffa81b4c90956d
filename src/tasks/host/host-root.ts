// Where a node's host files are: `/` on a real node; the simulator maps absolute host paths under <stateDir>/host.
import { join } from 'node:path';
import type { NodeSpec } from '../../inventory/model.js';

export function hostRootOf(spec: NodeSpec): string {
  return spec.hostRoot ?? (spec.connection === 'sim' && spec.stateDir ? join(spec.stateDir, 'host') : '/');
}

/** A real host (root `/`): commands that act on running services are run there, not on a simulated root. */
export const isLiveRoot = (root: string): boolean => root.replace(/\/+$/, '') === '';
