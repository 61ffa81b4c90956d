// Load the model for any command: the configuration, its warnings on stderr, and every secret reference resolved
// up front so that its value is masked before anything can print it.
import { dirname } from 'node:path';
import { loadModel } from '../inventory/load-model.js';
import type { Model } from '../inventory/model.js';
import { registerAll } from '../runner/secrets.js';
import { println, type Io } from './io.js';
import type { Options } from './parse-args.js';

export interface LoadFor {
  /** The config file to use when there is no -c (a playbook's recorded `config:`), absolute or relative to io.cwd. */
  configFile?: string;
  /** Check every script the configuration names, even without a `scripts` key (`phoenix validate`). */
  checkAllScripts?: boolean;
}

export async function loadFor(io: Io, o: Options, how: LoadFor = {}): Promise<Model> {
  const configFile = o.config ?? how.configFile;
  const model = await loadModel({
    cwd: io.cwd,
    ...(configFile ? { configFile } : {}),
    ...(o.inventory ? { inventoryFile: o.inventory } : {}),
    ...(how.checkAllScripts ? { checkAllScripts: true } : {}),
  });
  for (const w of model.warnings) println(io.stderr, `warning: ${w}`);
  const baseDir = model.configFile ? dirname(model.configFile) : io.cwd;
  // each document on its own: its secrets were found once already, by validation (find-secrets.ts findSecrets)
  for (const doc of [model.hypervisor, model.lxcFile, model.vmFile]) for (const p of registerAll(doc, baseDir)) println(io.stderr, `warning: ${p}`);
  return model;
}
