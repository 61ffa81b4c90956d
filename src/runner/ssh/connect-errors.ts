// Turn what ssh2 / node-ssh throw while connecting into one readable reason for Unreachable.
export interface ConnectTarget { user: string; host: string; port: number; auth: string; timeoutMs: number }

interface SshLikeError { message?: unknown; code?: unknown; level?: unknown }

export function connectFailureReason(error: unknown, target: ConnectTarget): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SshLikeError;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const code = typeof e.code === 'string' ? e.code : undefined;
  const where = `${target.host}:${target.port}`;
  switch (code) {
    case 'ECONNREFUSED': return `connection refused by ${where}`;
    case 'ENOTFOUND': case 'EAI_AGAIN': return `cannot resolve host ${target.host}`;
    case 'EHOSTUNREACH': case 'ENETUNREACH': return `no route to ${where}`;
    case 'ECONNRESET': return `connection reset by ${where}`;
    case 'ETIMEDOUT': return `no response from ${where} (timed out or closed during handshake)`;
    default: break;
  }
  if (e.level === 'client-timeout') return `timed out after ${target.timeoutMs} ms connecting to ${where}`;
  if (e.level === 'client-authentication') {
    return `authentication failed for ${target.user}@${where} using ${target.auth}`;
  }
  if (/privateKey|private key|passphrase|privateKeyPath/i.test(message)) {
    return `cannot use ${target.auth}: ${message}`;
  }
  return `${where}: ${message}`;
}
