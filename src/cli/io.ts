// What a command may touch of the process: injected, so tests run the CLI in-process.
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export const println = (s: NodeJS.WritableStream, line = ''): void => { s.write(`${line}\n`); };
