// PVE::Tools::encode_text / decode_text: URI-escape control characters, ':' and '%' (and non-ASCII
// as UTF-8 bytes); used for description lines.
export function encodeText(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const safe = byte >= 0x20 && byte <= 0x7e && byte !== 0x3a && byte !== 0x25;
    out += safe ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function decodeText(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const hex = text.slice(i + 1, i + 3);
    if (c === 0x25 && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i] as string, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Perl `split(/\n/, $s)`: trailing empty fields dropped. */
export function perlSplitLines(s: string): string[] {
  const parts = s.split('\n');
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
