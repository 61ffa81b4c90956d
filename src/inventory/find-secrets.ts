// Plaintext secrets in the configuration: warn with the JSON path, never the value.

const SECRET_KEY = /(pass(word|wd|phrase)?|secret|token|api[_-]?key|private[_-]?key|credential)/i;
/** Keys that name where a secret is, or a derived value, rather than the secret itself. */
const NOT_A_SECRET = /(_(file|path|dir|hash|url|name|user|id|env)|hash|file|path)$/i;
/** A value that refers to a secret kept elsewhere. */
const REFERENCE = /^(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|env:.+|file:.+)$/;

function escape(key: string): string { return key.replace(/~/g, '~0').replace(/\//g, '~1'); }

export function isPlaintextSecret(key: string, value: unknown): boolean {
  return SECRET_KEY.test(key) && !NOT_A_SECRET.test(key) && typeof value === 'string' && value.trim() !== '' && !REFERENCE.test(value.trim());
}

/** JSON pointers of every plaintext secret under `doc`. */
export function findSecretPointers(doc: unknown, pointer = ''): string[] {
  const out: string[] = [];
  if (Array.isArray(doc)) doc.forEach((v, i) => out.push(...findSecretPointers(v, `${pointer}/${i}`)));
  else if (doc !== null && typeof doc === 'object') {
    for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
      const here = `${pointer}/${escape(key)}`;
      if (isPlaintextSecret(key, value)) out.push(here);
      else out.push(...findSecretPointers(value, here));
    }
  }
  return out;
}

export function secretWarnings(label: string, doc: unknown): string[] {
  return findSecretPointers(doc).map(
    (p) => `${label}: ${p}: plaintext secret in the configuration (value not shown); keep secrets out of these files`,
  );
}
