// JSON allows "\u0000"; no argv element can carry it (execve would cut it or Node would refuse). Refuse it up front,
// with its path, before a single command is sent.
const esc = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

export function nulByteProblems(label: string, doc: unknown, prefix = ''): string[] {
  const out: string[] = [];
  // the path as keys and indexes, joined into a pointer only for a string that has a NUL (most documents: none)
  const path: (string | number)[] = [];
  const at = (): string => prefix + path.map((p) => `/${typeof p === 'number' ? p : esc(p)}`).join('');
  const walk = (v: unknown): void => {
    if (typeof v === 'string') { if (v.includes('\u0000')) out.push(`${label}: ${at() || '/'}: must not contain a NUL byte`); return; }
    if (typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) { path.push(i); walk(v[i]); path.pop(); }
      return;
    }
    for (const k in v) {
      if (!Object.hasOwn(v, k)) continue;
      path.push(k);
      walk((v as Record<string, unknown>)[k]);
      path.pop();
    }
  };
  walk(doc);
  return out;
}
