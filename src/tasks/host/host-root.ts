// Where a node's host files are: the inventory's `hostRoot` (`/` on a real node; a simulator keeps its node's
// filesystem in a directory of its own, e.g. `<state>/host`).
import type { NodeSpec } from '../../inventory/model.js';

export function hostRootOf(spec: NodeSpec): string {
  return spec.hostRoot;
}

/** A real host (root `/`): commands that act on running services are run there, not on a simulated root. */
export const isLiveRoot = (root: string): boolean => root.replace(/\/+$/, '') === '';
