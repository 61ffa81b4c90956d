// POSIX single-quote quoting: the one place where argv becomes a string (ssh, sh -c).
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteArg(arg: string): string {
  if (arg !== '' && SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'"'"'`)}'`;
}

export function quoteArgv(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}

/**
 * For messages: quoteArgv, with control characters shown as \n, \r, \t, \xNN so that a value can never start a
 * line of its own in the output (forging a log line). Copy-paste-safe for every value without control characters.
 */
export function displayArgv(argv: readonly string[]): string {
  return quoteArgv(argv).replace(/[\x00-\x1f\x7f]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
