// `phoenix run --resume last|<run-id>`: re-run the verb and targets a journal recorded. Every task checks before it
// acts, so work that was done is skipped and nothing is created twice. `last` is the newest run that could mutate
// and did not finish (runner/recorded-runs.ts): never a --check or --dry-run one.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../compile/compile.js';
import { assertVerb } from '../../compile/targets.js';
import { UsageError } from '../../errors.js';
import { couldMutate, lastResumable, readRecordedRun, type RecordedRun, type RunEnding } from '../../runner/recorded-runs.js';
import { println, type Io } from '../io.js';
import { compileOptions, type Options } from '../parse-args.js';
import { execute, loadFor, stateDirOf } from './run.js';

const ENDED: Record<RunEnding, string> = {
  unfinished: 'it did not finish (no end recorded)',
  interrupted: 'it was interrupted',
  failed: 'it failed',
  done: 'it finished',
};

function pick(dir: string, which: string): RecordedRun {
  if (which === 'last') {
    const run = lastResumable(dir);
    if (!run) throw new UsageError(`Error: no interrupted run to resume in ${dir}: every run there finished, or only read (--check, --dry-run)`);
    return run;
  }
  const path = join(dir, `${which}.jsonl`);
  if (!existsSync(path)) throw new UsageError(`Error: no run journal '${which}' in ${dir}`);
  const run = readRecordedRun(path);
  if (!run) throw new UsageError(`Error: ${path}: not a Phoenix run journal`);
  if (!couldMutate(run)) throw new UsageError(`Error: run ${which} was a ${run.check ? '--check' : '--dry-run'} run: it changed nothing, so there is nothing to resume; run \`phoenix run ${run.verb}${run.targets.length ? ` --limit ${run.targets.join(',')}` : ''}\``);
  return run;
}

export async function resumeCommand(io: Io, which: string, o: Options): Promise<number> {
  const model = await loadFor(io, o);
  const dir = join(stateDirOf(model, io), 'runs');
  const run = pick(dir, which);
  const verb = assertVerb(run.verb);
  println(o.json ? io.stderr : io.stdout, `Resuming run ${run.runId}: ${[verb, ...run.targets].join(' ')} (started ${run.ts || 'at an unknown time'}; ${ENDED[run.ending]})`);
  const plan = compile(model, verb, compileOptions(verb, run.targets, { ...o, all: false }));
  return execute(io, plan, model, o, { resumedFrom: run.runId });
}
