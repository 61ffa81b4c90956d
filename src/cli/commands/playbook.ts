// `phoenix run playbooks/x.yaml`: validate the playbook, refuse one that is not what its configuration compiles
// now (no configHash, a changed configuration, an edited step) unless --force, then run it.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { playbookDrift, recompileArgs } from '../../compile/playbook-drift.js';
import { parsePlaybook } from '../../compile/to-yaml.js';
import { validatePlaybook } from '../../compile/validate-playbook.js';
import { ConfigError } from '../../errors.js';
import { println, type Io } from '../io.js';
import type { Options } from '../parse-args.js';
import { execute, loadFor } from './run.js';

export async function playbookCommand(io: Io, file: string, o: Options): Promise<number> {
  const path = resolve(io.cwd, file);
  const name = basename(path);
  let text: string;
  try { text = await readFile(path, 'utf8'); } catch { throw new ConfigError([`${name}: file not found: ${path}`]); }
  let doc: unknown;
  try { doc = parsePlaybook(text); } catch (e) { throw new ConfigError([`${name}: ${(e as Error).message.split('\n')[0]}`]); }
  const plan = validatePlaybook(doc, name);
  const model = await loadFor(io, o);
  const drift = playbookDrift(plan, model);
  if (drift && o.force) {
    println(io.stderr, `warning: ${name}: ${drift}; running it as written (--force skips the checks against the configuration)`);
  } else if (drift) {
    const again = ['phoenix', ...recompileArgs(plan), ...(o.config ? ['-c', o.config] : []), '-o', file].join(' ');
    throw new ConfigError([`${name}: ${drift}; recompile it (${again}) or run it as written with --force (skips the checks against the configuration)`]);
  }
  return execute(io, plan, model, o);
}
