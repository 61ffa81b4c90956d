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
  /** `shown` is the argv as the user reads it (the runner quotes it); `what` names the work ("feature nvidia in CT 950"). */
  constructor(readonly node: string, readonly argv: readonly string[], readonly code: number, readonly stderr: string, shown: string = argv.join(' '), readonly what?: string) {
    const lines = stderr.trim() ? stderr.trim().split('\n') : [];
    super(what
      ? `${what} failed on ${node} (exit ${code})${lines.length ? `: ${lines.slice(-3).join(' | ')}` : ''}`
      : `${node}: \`${shown}\` exited ${code}${lines.length ? `: ${lines.join(' | ')}` : ''}`);
  }
}

/** The run was aborted (the operator insisted, or the grace period ended) while this work ran or before it was sent. */
export class Interrupted extends PhoenixError {
  readonly kind = 'task' as const;
  constructor(readonly node: string, detail: string) { super(`interrupted: ${detail}`); }
}

export class Unreachable extends PhoenixError {
  readonly kind = 'unreachable' as const;
  constructor(readonly node: string, reason: string) { super(`${node}: unreachable: ${reason}`); }
}
