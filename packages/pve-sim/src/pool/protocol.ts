// The wire format between lib/pool-client.pl and a pool worker, over one unix stream connection per call. Both
// directions carry frames: one type byte, a 32-bit big-endian length, the payload. Keep in step with the client.
//
// client -> worker
//   h  header: NUL-separated fields (HEADER_FIELDS), then the argv (tool first), then the environment (`K=V`)
//   i  a chunk of the caller's stdin (sent only once the worker asked for it: `w`)
//   I  the caller's stdin is at its end
//   p  the caller's fd `1` or `2` is a broken pipe (EPIPE while writing guest output to it)
//   s  the client received this signal (`TERM`, `INT`, `HUP`) and dies of it once the frame is sent
// worker -> client
//   o / e  what the simulator wrote on stdout / stderr;  O / E  what a guest command wrote on them
//   a  accepted: the call is being run (a connection closed before it was never served: the client runs it itself)
//   w  the call reads its stdin: start sending it
//   x  the call's exit code (decimal); the last frame
//   f  not served here: run `node main.js` yourself (nothing has happened yet)

export const PROTOCOL_VERSION = '1';

/** The fields before the argv in a header, in this order. */
export const HEADER_FIELDS = ['version', 'main', 'uid', 'umask', 'merged', 'cwd', 'argc'] as const;

export interface CallHeader {
  version: string;
  /** The main.js the client would run without the pool (a pool only serves its own build). */
  main: string;
  uid: number;
  umask: number;
  /** The caller's stdout and stderr are one file (`2>&1`): a guest command gets one pipe for both. */
  merged: boolean;
  cwd: string;
  argv: string[];
  env: Record<string, string>;
}

export function parseHeader(payload: Buffer): CallHeader | undefined {
  const f = payload.toString('utf8').split('\0');
  if (f.length < HEADER_FIELDS.length) return undefined;
  const [version, main, uid, umask, merged, cwd, argc] = f as [string, string, string, string, string, string, string];
  const n = Number(argc);
  if (!Number.isInteger(n) || n < 1 || f.length < HEADER_FIELDS.length + n) return undefined;
  const argv = f.slice(HEADER_FIELDS.length, HEADER_FIELDS.length + n);
  const env: Record<string, string> = {};
  for (const kv of f.slice(HEADER_FIELDS.length + n)) {
    const eq = kv.indexOf('=');
    if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return { version, main, uid: Number(uid), umask: Number(umask), merged: merged === '1', cwd, argv, env };
}

export function frame(type: string, payload: Buffer | string = ''): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const head = Buffer.allocUnsafe(5);
  head.write(type, 0, 1, 'latin1');
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

/** Splits a byte stream into frames as they complete. */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly onFrame: (type: string, payload: Buffer) => void) {}
  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (this.buf.length >= 5) {
      const len = this.buf.readUInt32BE(1);
      if (this.buf.length < 5 + len) return;
      const type = String.fromCharCode(this.buf[0] as number);
      const payload = this.buf.subarray(5, 5 + len);
      this.buf = this.buf.subarray(5 + len);
      this.onFrame(type, payload);
    }
  }
}
