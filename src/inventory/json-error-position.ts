// Where JSON.parse failed: V8 does not always say ("Unexpected token 'x', "..." is not valid JSON"),
// so a small strict scanner finds the offset of the first syntax error.

export interface JsonSyntaxError { offset: number; message: string }

const WS = new Set([' ', '\t', '\n', '\r']);

class Stop extends Error {
  constructor(readonly offset: number, message: string) { super(message); }
}

/** The first syntax error of `text` as JSON, or undefined when it parses. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  return scanJson(text).error;
}

/** JSON pointers of object keys that appear twice in one object (JSON.parse keeps the last silently). */
export function findDuplicateKeys(text: string): string[] {
  return scanJson(text).duplicates;
}

const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

const escapeKey = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

function scanJson(text: string): { error?: JsonSyntaxError; duplicates: string[] } {
  const duplicates: string[] = [];
  let i = 0;
  const fail = (message: string): never => { throw new Stop(i, message); };
  const describe = (): string => (i >= text.length ? 'unexpected end of input' : `unexpected character ${JSON.stringify(text[i])}`);
  const skip = (): void => { while (i < text.length && WS.has(text[i] as string)) i++; };
  const expect = (c: string, what: string): void => {
    skip();
    if (text[i] !== c) fail(`expected ${what}, ${describe()}`);
    i++;
  };
  const str = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text[i] as string;
      if (c === '"') { i++; return; }
      if (c < ' ') fail('control character in string (escape it)');
      if (c === '\\') {
        i++;
        const e = text[i];
        if (e === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 1, i + 5))) fail('bad \\u escape in string');
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else fail('bad escape in string');
      } else i++;
    }
  };
  const num = (): void => {
    NUMBER.lastIndex = i; // sticky: matched in place (a slice per number made the scan quadratic on big files)
    const m = NUMBER.exec(text);
    if (!m) fail(`bad number, ${describe()}`);
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (pointer: string): void => {
    skip();
    const c = text[i];
    if (c === '{') {
      i++; skip();
      if (text[i] === '}') { i++; return; }
      const keys = new Set<string>();
      for (;;) {
        skip();
        if (text[i] !== '"') fail(`expected a double-quoted property name, ${describe()}`);
        const start = i;
        str();
        const key = JSON.parse(text.slice(start, i)) as string;
        const here = `${pointer}/${escapeKey(key)}`;
        if (keys.has(key)) duplicates.push(here);
        keys.add(key);
        expect(':', "':' after property name");
        value(here);
        skip();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        fail(`expected ',' or '}' after property value, ${describe()}`);
      }
    }
    if (c === '[') {
      i++; skip();
      if (text[i] === ']') { i++; return; }
      for (let n = 0; ; n++) {
        value(`${pointer}/${n}`);
        skip();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        fail(`expected ',' or ']' after array element, ${describe()}`);
      }
    }
    if (c === '"') return str();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return num();
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) { i += lit.length; return; }
    }
    fail(describe());
  };
  try {
    value('');
    skip();
    if (i < text.length) fail(`unexpected content after the JSON value: ${JSON.stringify(text[i])}`);
    return { duplicates };
  } catch (e) {
    if (e instanceof Stop) return { error: { offset: e.offset, message: e.message }, duplicates };
    throw e;
  }
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') { line++; start = k + 1; }
  }
  return { line, column: offset - start + 1 };
}
