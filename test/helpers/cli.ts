// Run the CLI in-process with injected argv and captured output.
import { main } from '../../src/cli/main.js';

export interface CliResult { code: number; stdout: string; stderr: string }

function sink(buf: string[]): NodeJS.WriteStream {
  return { write: (s: string | Uint8Array) => { buf.push(String(s)); return true; }, isTTY: false, columns: 120, on: () => undefined, once: () => undefined, removeListener: () => undefined, end: () => undefined } as unknown as NodeJS.WriteStream;
}

export async function cli(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { cwd: opts.cwd ?? process.cwd(), env: { ...process.env, CI: 'true', ...opts.env }, stdout: sink(out), stderr: sink(err) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** stderr's lines with the CLI's `Error: ` prefix taken off (the problem itself, e.g. `file: /pointer: message`). */
export const problemLines = (stderr: string): string[] => stderr.split('\n').map((l) => l.replace(/^Error: /, ''));
