// `phoenix run --resume last|<run-id>`: re-run the verb and targets a journal recorded. Every task checks before it
// acts, so work that was done is skipped and nothing is created twice.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../compile/compile.js';
import { assertVerb } from '../../compile/targets.js';
import { UsageError } from '../../errors.js';
import { lastJournal } from '../../runner/journal.js';
import { println, type Io } from '../io.js';
import type { Options } from '../parse-args.js';
import { execute, loadFor, stateDirOf } from './run.js';

export async function resumeCommand(io: Io, which: string, o: Options): Promise<number> {
  const model = await loadFor(io, o);
  const dir = join(stateDirOf(model, io), 'runs');
  const path = which === 'last' ? lastJournal(dir) : join(dir, `${which}.jsonl`);
  if (!path || !existsSync(path)) throw new UsageError(`Error: no run journal ${which === 'last' ? 'found' : `'${which}'`} in ${dir}`);
  const first = readFileSync(path, 'utf8').split('\n')[0] ?? '';
  let start: { event?: string; verb?: string; targets?: string[]; run_id?: string };
  try { start = JSON.parse(first) as typeof start; } catch { throw new UsageError(`Error: ${path}: not a Phoenix run journal`); }
  if (start.event !== 'run_start' || !start.verb) throw new UsageError(`Error: ${path}: not a Phoenix run journal`);
  const verb = assertVerb(start.verb);
  println(o.json ? io.stderr : io.stdout, `Resuming run ${start.run_id ?? '?'}: ${verb} ${(start.targets ?? []).join(' ')}`.trimEnd());
  const plan = compile(model, verb, { ids: start.targets ?? [], all: false, wipeDisks: o.wipeDisks, applyPending: o.applyPending, ...(o.suite ? { suite: o.suite } : {}) });
  return execute(io, plan, model, o);
}
