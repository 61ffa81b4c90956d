import { displayArgv } from './runner/quote.js';

// Errors carry their kind; the CLI is the one place that prints them and sets the exit code.
export type ErrorKind = 'usage' | 'config' | 'plan' | 'command' | 'unreachable' | 'task';

export abstract class PhoenixError extends Error {
  abstract readonly kind: ErrorKind;
  readonly exitCode: number = 1;
  /** One line each; the CLI prints them all. */
  lines(): string[] { return [this.message]; }
}

export class UsageError extends PhoenixError { readonly kind = 'usage' as const; }

/** Every problem found in the configuration at once, one line each: `file: /json/path: message`. */
export class ConfigError extends PhoenixError {
  readonly kind = 'config' as const;
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
  override lines(): string[] { return [...this.problems]; }
}

export class PlanError extends PhoenixError {
  readonly kind = 'plan' as const;
  constructor(readonly problems: readonly string[]) { super(problems.join('\n')); }
  override lines(): string[] { return [...this.problems]; }
}

export class CommandFailed extends PhoenixError {
  readonly kind = 'command' as const;
  constructor(readonly node: string, readonly argv: readonly string[], readonly code: number, readonly stderr: string) {
    super(`${node}: \`${displayArgv(argv)}\` exited ${code}${stderr.trim() ? `: ${stderr.trim().split('\n').join(' | ')}` : ''}`);
  }
}

export class Unreachable extends PhoenixError {
  readonly kind = 'unreachable' as const;
  constructor(readonly node: string, reason: string) { super(`${node}: unreachable: ${reason}`); }
}
