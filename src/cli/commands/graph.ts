// `phoenix graph [<verb> [<id>...]] [--format mermaid|dot]`: the estate, or the guests of a verb's plan in the order
// it runs them, as Mermaid (default) or Graphviz dot on stdout. Contacts no node.
import { compile } from '../../compile/compile.js';
import { estateGraph, planGraph, renderGraph } from '../../compile/estate-graph.js';
import type { Verb } from '../../compile/targets.js';
import type { Io } from '../io.js';
import { loadFor } from '../load.js';
import { compileOptions, type Options } from '../parse-args.js';

export async function graphCommand(io: Io, verb: Verb | undefined, ids: string[], o: Options): Promise<number> {
  const model = await loadFor(io, o);
  const doc = verb === undefined ? estateGraph(model) : planGraph(compile(model, verb, compileOptions(verb, ids, o)), model);
  io.stdout.write(renderGraph(doc, o.graphFormat));
  return 0;
}
