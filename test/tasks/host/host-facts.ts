// Host facts for task tests: a compact sketch in, NodeFacts with `host` out.
import type { NodeFacts } from '../../../src/tasks/facts.js';
import { emptyHostFacts, type HostFacts } from '../../../src/tasks/host/host-facts.js';
import { factsFrom } from '../../helpers/facts.js';

export function hostFacts(sketch: Partial<HostFacts> = {}, node = 'pve'): NodeFacts {
  const f = factsFrom({}, node);
  f.host = { ...emptyHostFacts(), zfs: true, ...sketch };
  return f;
}
