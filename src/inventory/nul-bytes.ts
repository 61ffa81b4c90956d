// JSON allows "\u0000"; no argv element can carry it (execve would cut it or Node would refuse). Refuse it up front,
// with its path, before a single command is sent.
export function nulByteProblems(label: string, doc: unknown, prefix = ''): string[] {
  const out: string[] = [];
  const esc = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');
  const walk = (v: unknown, at: string): void => {
    if (typeof v === 'string') { if (v.includes('\u0000')) out.push(`${label}: ${at || '/'}: must not contain a NUL byte`); return; }
    if (Array.isArray(v)) { v.forEach((x, i) => walk(x, `${at}/${i}`)); return; }
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${at}/${esc(k)}`);
  };
  walk(doc, prefix);
  return out;
}
