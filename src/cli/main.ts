// The one place that catches errors, prints them (report-error.ts: one style for every error line) and sets the
// exit code.
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PhoenixError } from '../errors.js';
import { ndjsonWriter } from '../runner/events.js';
import { completeCommand, completionCommand } from './commands/completion.js';
import { graphCommand } from './commands/graph.js';
import { helpCommand } from './commands/help.js';
import { initCommand } from './commands/init.js';
import { planCommand } from './commands/plan.js';
import { playbookCommand } from './commands/playbook.js';
import { resumeCommand } from './commands/resume.js';
import { runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';
import { maskedStream } from './masked-stream.js';
import { println, type Io } from './io.js';
import { parseCli } from './parse-args.js';
import { errorEvents, errorLines } from './report-error.js';

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
  const io: Io = { ...rawIo, stdout: maskedStream(rawIo.stdout), stderr: maskedStream(rawIo.stderr) };
  const verbose = given(argv, '-v', '--verbose');
  const json = given(argv, '--json') && argv[0] !== '__complete';
  try {
    const cmd = parseCli(argv);
    switch (cmd.kind) {
      case 'help': return helpCommand(io, cmd.topic, cmd.exitCode);
      case 'version': println(io.stdout, version()); return 0;
      case 'validate': return await validateCommand(io, cmd.options);
      case 'plan': return await planCommand(io, cmd.verb, cmd.ids, cmd.options);
      case 'run': return await runCommand(io, cmd.verb, cmd.ids, cmd.options);
      case 'playbook': return await playbookCommand(io, cmd.file, cmd.options);
      case 'resume': return await resumeCommand(io, cmd.which, cmd.options);
      case 'graph': return await graphCommand(io, cmd.verb, cmd.ids, cmd.options);
      case 'completion': return completionCommand(io, cmd.shell);
      case 'complete': return await completeCommand(io, cmd.words);
      case 'init': return initCommand(io, cmd.dir);
    }
  } catch (e) {
    if (json) for (const ev of errorEvents(e)) ndjsonWriter(io.stdout)(ev);
    for (const l of errorLines(e)) println(io.stderr, l);
    if (verbose && e instanceof Error && e.stack) println(io.stderr, e.stack);
    return e instanceof PhoenixError ? e.exitCode : 1;
  }
}

const isEntry = !!process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  main(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr })
    .then((code) => { process.exitCode = code; });
}
