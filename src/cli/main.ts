// The one place that catches errors, prints them (report-error.ts: one style for every error line) and sets the
// exit code. Each command's module is loaded only when it runs: `--help` and `--version` load no compiler, runner,
// ajv, listr2, yaml or ssh code (issue 12: start-up within 3x a bare Node start).
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PhoenixError } from '../errors.js';
import { ndjsonWriter } from '../runner/events.js';
import { helpCommand } from './commands/help.js';
import { maskedStreams } from './masked-stream.js';
import { println, type Io } from './io.js';
import { parseCli } from './parse-args.js';
import { errorEvents, errorLines } from './report-error.js';

/**
 * V8 tiers a function up to TurboFan once it has run for an "interrupt budget" of bytecode (67 584 in Node 20's
 * V8), compiling it on a helper thread. A Phoenix command lives a second or two: at 8 times that budget only what
 * stays hot through a long run (a 50 000-guest plan) is optimized, and a short one stops paying for TurboFan work
 * that ends before it pays off (`npm run bench`, rows 2c and 3a). Set before the command's modules load (their
 * functions take the budget then); not for --help and the like, which would only pay for loading node:v8.
 */
async function tuneForWork(): Promise<void> {
  (await import('node:v8')).setFlagsFromString(`--interrupt-budget=${8 * 67_584}`);
}

/** The commands that load, plan or run (tuneForWork); the others answer at once. */
const WORK: ReadonlySet<string> = new Set(['validate', 'plan', 'run', 'playbook', 'resume', 'graph']);

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** A flag as typed before any `--` (known before parsing, so that a parse error honours it too). */
const given = (argv: readonly string[], ...names: string[]): boolean => {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => names.includes(a));
};

export async function main(argv: readonly string[], rawIo: Io): Promise<number> {
  const io: Io = { ...rawIo, ...maskedStreams(rawIo.stdout, rawIo.stderr) };
  const verbose = given(argv, '-v', '--verbose');
  const json = given(argv, '--json') && argv[0] !== '__complete';
  try {
    const cmd = parseCli(argv);
    if (WORK.has(cmd.kind)) await tuneForWork();
    switch (cmd.kind) {
      case 'help': return helpCommand(io, cmd.topic, cmd.exitCode);
      case 'version': println(io.stdout, version()); return 0;
      case 'validate': return await (await import('./commands/validate.js')).validateCommand(io, cmd.options);
      case 'plan': return await (await import('./commands/plan.js')).planCommand(io, cmd.verb, cmd.ids, cmd.options);
      case 'run': return await (await import('./commands/run.js')).runCommand(io, cmd.verb, cmd.ids, cmd.options);
      case 'playbook': return await (await import('./commands/playbook.js')).playbookCommand(io, cmd.file, cmd.options);
      case 'resume': return await (await import('./commands/resume.js')).resumeCommand(io, cmd.which, cmd.options);
      case 'graph': return await (await import('./commands/graph.js')).graphCommand(io, cmd.verb, cmd.ids, cmd.options);
      case 'completion': return (await import('./commands/completion.js')).completionCommand(io, cmd.shell);
      case 'complete': return await (await import('./commands/completion.js')).completeCommand(io, cmd.words);
      case 'init': return (await import('./commands/init.js')).initCommand(io, cmd.dir);
    }
  } catch (e) {
    if (json) for (const ev of errorEvents(e)) ndjsonWriter(io.stdout)(ev);
    for (const l of errorLines(e)) println(io.stderr, l);
    if (verbose && e instanceof Error && e.stack) println(io.stderr, e.stack);
    return e instanceof PhoenixError ? e.exitCode : 1;
  }
}

/** The CLI on this process's argv and streams (bin/phoenix calls it; so does `node dist/src/cli/main.js`). */
export function runFromProcess(): void {
  main(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr })
    .then((code) => { process.exitCode = code; });
}

if (!!process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) runFromProcess();
