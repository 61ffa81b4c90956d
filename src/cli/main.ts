// The one place that catches errors and sets the exit code.
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PhoenixError } from '../errors.js';
import { planCommand } from './commands/plan.js';
import { playbookCommand } from './commands/playbook.js';
import { resumeCommand } from './commands/resume.js';
import { runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';
import { HELP } from './help.js';
import { maskedStream } from './masked-stream.js';
import { println, type Io } from './io.js';
import { parseCli } from './parse-args.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: readonly string[], rawIo: Io): Promise<number> {
  const io: Io = { ...rawIo, stdout: maskedStream(rawIo.stdout), stderr: maskedStream(rawIo.stderr) };
  let verbose = argv.includes('-v') || argv.includes('--verbose');
  try {
    const cmd = parseCli(argv);
    switch (cmd.kind) {
      case 'help': io.stdout.write(HELP); return argv.length ? 0 : 1;
      case 'version': println(io.stdout, version()); return 0;
      case 'validate': return await validateCommand(io, cmd.options);
      case 'plan': return await planCommand(io, cmd.verb, cmd.ids, cmd.options);
      case 'run': verbose = cmd.options.verbose; return await runCommand(io, cmd.verb, cmd.ids, cmd.options);
      case 'playbook': return await playbookCommand(io, cmd.file, cmd.options);
      case 'resume': return await resumeCommand(io, cmd.which, cmd.options);
    }
  } catch (e) {
    if (e instanceof PhoenixError) {
      for (const l of e.lines()) println(io.stderr, l);
      if (verbose && e.stack) println(io.stderr, e.stack);
      return e.exitCode;
    }
    println(io.stderr, `Error: ${(e as Error).message ?? String(e)}`);
    if (verbose && (e as Error).stack) println(io.stderr, (e as Error).stack);
    return 1;
  }
}

const isEntry = !!process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  main(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr })
    .then((code) => { process.exitCode = code; });
}
