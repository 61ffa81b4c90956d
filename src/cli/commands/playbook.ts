// `phoenix run playbooks/x.yaml`: validate the playbook, refuse a stale one (unless --force), run it.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parsePlaybook } from '../../compile/to-yaml.js';
import { validatePlaybook } from '../../compile/validate-playbook.js';
import { ConfigError } from '../../errors.js';
import type { Io } from '../io.js';
import type { Options } from '../parse-args.js';
import { execute, loadFor } from './run.js';

export async function playbookCommand(io: Io, file: string, o: Options): Promise<number> {
  const path = resolve(io.cwd, file);
  let text: string;
  try { text = await readFile(path, 'utf8'); } catch { throw new ConfigError([`${basename(path)}: file not found: ${path}`]); }
  let doc: unknown;
  try { doc = parsePlaybook(text); } catch (e) { throw new ConfigError([`${basename(path)}: ${(e as Error).message.split('\n')[0]}`]); }
  const plan = validatePlaybook(doc, basename(path));
  const model = await loadFor(io, o);
  if (plan.configHash && plan.configHash !== model.hash && !o.force) {
    throw new ConfigError([`${basename(path)}: compiled from a configuration that has changed since; recompile it (phoenix plan ${plan.verb} -o ${file}) or run it anyway with --force`]);
  }
  return execute(io, plan, model, o);
}
