// A block of lines owned by Phoenix inside a file it shares with people: replaced as a unit, removed when empty.
export const BEGIN = '# BEGIN phoenix';
export const END = '# END phoenix';

const isBegin = (l: string): boolean => l.trim() === BEGIN;
const isEnd = (l: string): boolean => l.trim() === END;

/** The lines of the managed block(s) in `text` (several blocks, from an earlier broken edit, are concatenated). */
export function blockLines(text: string | null): string[] | null {
  if (text === null) return null;
  const out: string[] = [];
  let inside = false;
  let found = false;
  for (const l of text.split('\n')) {
    if (isBegin(l)) { inside = true; found = true; continue; }
    if (isEnd(l)) { inside = false; continue; }
    if (inside) out.push(l);
  }
  return found ? out : null;
}

/**
 * `text` with the managed block set to `lines`: the first block is replaced in place, further blocks are dropped,
 * a missing block is appended; no lines removes the block with its markers. An unterminated block is refused
 * (guessing where it ends could delete the user's lines).
 */
export function withBlock(text: string | null, lines: readonly string[], file: string): string {
  const src = text === null || text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const out: string[] = [];
  let inside = false;
  let placed = false;
  for (const l of src) {
    if (isBegin(l)) {
      if (inside) throw new Error(`${file}: '${BEGIN}' inside a managed block: fix the file by hand`);
      inside = true;
      if (!placed && lines.length) out.push(BEGIN, ...lines, END);
      placed = true;
      continue;
    }
    if (isEnd(l)) {
      if (!inside) throw new Error(`${file}: '${END}' without '${BEGIN}': fix the file by hand`);
      inside = false;
      continue;
    }
    if (!inside) out.push(l);
  }
  if (inside) throw new Error(`${file}: '${BEGIN}' without '${END}': fix the file by hand`);
  if (!placed && lines.length) {
    if (out.length && out[out.length - 1] !== '') out.push('');
    out.push(BEGIN, ...lines, END);
  }
  if (placed && !lines.length) while (out.length && out[out.length - 1] === '') out.pop();
  return out.length ? `${out.join('\n')}\n` : '';
}

/** Does `text` already hold exactly `lines` as its only managed block (or no block when `lines` is empty)? */
export function blockIsCurrent(text: string | null, lines: readonly string[], file: string): boolean {
  withBlock(text, lines, file); // refuses a broken block at check time already
  const have = blockLines(text);
  if (!lines.length) return have === null;
  const blocks = (text ?? '').split('\n').filter(isBegin).length;
  return blocks === 1 && have !== null && have.length === lines.length && have.every((l, i) => l === lines[i]);
}
