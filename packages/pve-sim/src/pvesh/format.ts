// pvesh output: json (canonical, one line), json-pretty (3-space indent), text (bordered table).
import { canonicalJson, prettyJson } from '../core/perl-json.js';

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'object' ? canonicalJson(v) : String(v);
}

function table(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (l: string, m: string, r: string, f: string): string => `${l}${w.map((n) => f.repeat(n + 2)).join(m)}${r}\n`;
  const row = (cells: string[]): string => `│${cells.map((c, i) => ` ${c.padEnd(w[i] ?? 0)} `).join('│')}│\n`;
  let out = line('┌', '┬', '┐', '─') + row(header) + line('╞', '╪', '╡', '═');
  rows.forEach((r, i) => {
    out += row(r);
    if (i < rows.length - 1) out += line('├', '┼', '┤', '─');
  });
  return out + line('└', '┴', '┘', '─');
}

function text(data: unknown): string {
  if (data === undefined || data === null) return '';
  if (Array.isArray(data)) {
    if (!data.length) return '';
    if (data.every((d) => d !== null && typeof d === 'object' && !Array.isArray(d))) {
      const keys = [...new Set(data.flatMap((d) => Object.keys(d as object)))].sort();
      return table(keys, data.map((d) => keys.map((k) => cell((d as Record<string, unknown>)[k]))));
    }
    return data.map((d) => `${cell(d)}\n`).join('');
  }
  if (typeof data === 'object') {
    const o = data as Record<string, unknown>;
    return table(['key', 'value'], Object.keys(o).sort().map((k) => [k, cell(o[k])]));
  }
  return `${String(data)}\n`;
}

export function formatOutput(data: unknown, format: string): string {
  if (data === undefined) return '';
  if (format === 'json') return `${canonicalJson(data)}\n`;
  if (format === 'json-pretty') return `${prettyJson(data)}\n`;
  return text(data);
}
