// `phoenix run playbooks/x.yaml`: validate the playbook, load the configuration it records (`config`, relative to
// the playbook file, so it runs from any directory; -c overrides; without either, the search from the current
// directory), refuse one that is not what its configuration compiles now (no configHash, a changed configuration,
// an edited step) unless --force, then run it.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { playbookDrift, recompileArgs } from '../../compile/playbook-drift.js';
import type { Plan } from '../../compile/plan.js';
import { parsePlaybook } from '../../compile/to-yaml.js';
import { validatePlaybook } from '../../compile/validate-playbook.js';
import { ConfigError } from '../../errors.js';
import { println, type Io } from '../io.js';
import type { Options } from '../parse-args.js';
import { execute, loadFor } from './run.js';

/** The config file the playbook records, as an absolute path; undefined when it records none. */
function recordedConfig(plan: Plan, path: string, name: string): string | undefined {
  if (plan.config === undefined) return undefined;
  const file = isAbsolute(plan.config) ? plan.config : resolve(dirname(path), plan.config);
  if (!existsSync(file)) {
    throw new ConfigError([`${name}: /config: ${plan.config} (relative to the playbook) not found: ${file}; pass -c FILE, or recompile the playbook with phoenix plan -o`]);
  }
  return file;
}

/** How to run `phoenix plan` from the current directory so that it compiles this playbook again, into the same file. */
function recompileCommand(io: Io, plan: Plan, file: string, o: Options, configFile: string): string {
  // -c unless the search from the current directory finds it at once
  const here = !configFile || dirname(configFile) === resolve(io.cwd);
  const config = o.config ?? (here ? undefined : relative(io.cwd, configFile));
  return ['phoenix', ...recompileArgs(plan), ...(config ? ['-c', config] : []), '-o', file].join(' ');
}

export async function playbookCommand(io: Io, file: string, o: Options): Promise<number> {
  const path = resolve(io.cwd, file);
  const name = basename(path);
  let text: string;
  try { text = await readFile(path, 'utf8'); } catch { throw new ConfigError([`${name}: file not found: ${path}`]); }
  let doc: unknown;
  try { doc = parsePlaybook(text); } catch (e) { throw new ConfigError([`${name}: ${(e as Error).message.split('\n')[0]}`]); }
  const plan = validatePlaybook(doc, name);
  const recorded = o.config === undefined ? recordedConfig(plan, path, name) : undefined;
  const model = await loadFor(io, o, recorded !== undefined ? { configFile: recorded } : {});
  const drift = playbookDrift(plan, model);
  if (drift && o.force) {
    println(io.stderr, `warning: ${name}: ${drift}; running it as written (--force skips the checks against the configuration)`);
  } else if (drift) {
    throw new ConfigError([`${name}: ${drift}; recompile it (${recompileCommand(io, plan, file, o, model.configFile)}) or run it as written with --force (skips the checks against the configuration)`]);
  }
  return execute(io, plan, model, o);
}
