// The caller's stdin (CallIo.stdin: this process's, or a pool call's), read to its end (empty when nothing is piped in).
export function readStdin(input: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    input.on('data', (c: Buffer | string) => chunks.push(typeof c === 'string' ? Buffer.from(c) : c));
    input.on('end', () => resolve(Buffer.concat(chunks)));
    input.on('error', () => resolve(Buffer.concat(chunks)));
  });
}
