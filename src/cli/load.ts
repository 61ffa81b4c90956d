// Load the model for any command: the configuration, its warnings on stderr, and every secret reference resolved
// up front so that its value is masked before anything can print it.
import { dirname } from 'node:path';
import { loadModel } from '../inventory/load-model.js';
import type { Model } from '../inventory/model.js';
import { registerAll } from '../runner/secrets.js';
import { println, type Io } from './io.js';
import type { Options } from './parse-args.js';

export async function loadFor(io: Io, o: Options): Promise<Model> {
  const model = await loadModel({ cwd: io.cwd, ...(o.config ? { configFile: o.config } : {}), ...(o.inventory ? { inventoryFile: o.inventory } : {}) });
  for (const w of model.warnings) println(io.stderr, `warning: ${w}`);
  const baseDir = model.configFile ? dirname(model.configFile) : io.cwd;
  for (const p of registerAll([model.hypervisor, model.lxcFile, model.vmFile], baseDir)) println(io.stderr, `warning: ${p}`);
  return model;
}
