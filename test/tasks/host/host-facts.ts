// Host facts for task tests: a compact sketch in, NodeFacts with `host` out; plus a recorder that keeps stdin.
import type { NodeFacts } from '../../../src/tasks/facts.js';
import { emptyHostFacts, type HostFacts } from '../../../src/tasks/host/host-facts.js';
import { factsFrom, recorder, type Recorder } from '../../helpers/facts.js';

export function hostFacts(sketch: Partial<HostFacts> = {}, node = 'pve'): NodeFacts {
  const f = factsFrom({}, node);
  f.host = { ...emptyHostFacts(), zfs: true, ...sketch };
  return f;
}

export interface HostRecorder extends Recorder { stdins: (string | undefined)[] }

/** Like recorder(), and also keeps each command's stdin (index-aligned with `calls`). */
export function hostRecorder(facts: NodeFacts, answers: Parameters<typeof recorder>[1] = {}): HostRecorder {
  const r = recorder(facts, answers) as HostRecorder;
  r.stdins = [];
  const run = r.run.bind(r);
  const probe = r.probe.bind(r);
  r.run = async (argv, opts) => { r.stdins.push(opts?.stdin); return run(argv, opts); };
  r.probe = async (argv, opts) => { r.stdins.push(opts?.stdin); return probe(argv, opts); };
  return r;
}

/** Every argv element of every call, for "this string never appears in argv" assertions. */
export const allArgs = (r: Recorder): string => r.calls.map((c) => c.join('\u0000')).join('\n');
