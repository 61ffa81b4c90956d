// How the simulator fails: a message for stderr and an exit code, like a Perl `die` at top level.
export class SimError extends Error {
  constructor(message: string, readonly code: number = 255, readonly stdout = '') {
    super(message);
  }
  /** The text written to stderr (always newline-terminated). */
  text(): string {
    return this.message.endsWith('\n') || this.message === '' ? this.message : `${this.message}\n`;
  }
}

/** A plain `die "msg\n"` in the CLI process: exit 255. */
export function die(message: string): never {
  throw new SimError(message, 255);
}

/**
 * A failure inside a synchronous worker: only the error text on stderr, newlines joined with
 * spaces; whatever the worker logged so far stays on stdout; exit 255.
 */
export function workerDie(message: string): never {
  throw new SimError(message.replace(/\n+$/, '').split('\n').join(' '), 255);
}

/** `Configuration file 'nodes/pve/lxc/999.conf' does not exist`: errno ENOENT, exit 2 in the CLI process. */
export function missingConfig(cfsPath: string, inWorker = false): never {
  const msg = `Configuration file '${cfsPath}' does not exist`;
  if (inWorker) workerDie(msg);
  throw new SimError(msg, 2);
}

/** Usage line of the command being run (set by parseArgs): parameter errors end with it. */
let currentUsage: string | undefined;
export function setCurrentUsage(u: string | undefined): void { currentUsage = u; }

/** PVE::Exception with code 400 and per-parameter errors, followed by the short usage. */
export class ParamError extends SimError {
  constructor(readonly errors: Record<string, string>, usage: string | undefined = currentUsage) {
    const lines = ['400 Parameter verification failed.'];
    for (const k of Object.keys(errors).sort()) lines.push(`${k}: ${errors[k]}`);
    if (usage) lines.push(usage);
    super(lines.join('\n'), 255);
  }
}

export function paramError(param: string, message: string, usage: string | undefined = currentUsage): never {
  throw new ParamError({ [param]: message }, usage);
}

/** `raise("msg\n", code => 400)` followed by the short usage (not enough arguments, ...). */
export function badRequest(message: string, usage?: string, prefix = ''): never {
  throw new SimError(`${prefix}400 ${message}${usage ? `\n${usage}` : ''}`, 255);
}
