// PVE firewall config files (`firewall/<vmid>.fw`, `firewall/cluster.fw`): [OPTIONS] `key: value`,
// [RULES] lines `[|]IN ACTION -i iface -source S -dest D -p proto -dport P -sport P -log L # comment`.
// Other sections ([IPSET ...], [ALIASES], [group ...]) are kept as they are.
export type Rule = Record<string, string | number>;

export interface FwFile {
  options: Record<string, string>;
  rules: Rule[];
  /** Other sections, verbatim (header line + body). */
  other: string[];
}

const FLAGS: ReadonlyArray<[string, string]> = [
  ['iface', '-i'], ['source', '-source'], ['dest', '-dest'], ['proto', '-p'], ['dport', '-dport'], ['sport', '-sport'],
  ['icmp-type', '-icmp-type'], ['log', '-log'],
];

export function parseRule(line: string): Rule | undefined {
  let text = line.trim();
  const rule: Rule = { enable: 1 };
  if (text.startsWith('|')) { rule['enable'] = 0; text = text.slice(1).trim(); }
  const hash = text.indexOf(' # ');
  if (hash >= 0) { rule['comment'] = text.slice(hash + 3); text = text.slice(0, hash).trim(); }
  const words = text.split(/\s+/);
  const type = words.shift();
  const action = words.shift();
  if (!type || !action) return undefined;
  rule['type'] = type.toLowerCase();
  const macro = /^(\w+)\((\w+)\)$/.exec(action);
  if (macro) { rule['macro'] = macro[1] as string; rule['action'] = macro[2] as string; } else rule['action'] = action;
  for (let i = 0; i < words.length; i += 2) {
    const key = FLAGS.find(([, f]) => f === words[i])?.[0];
    if (key && words[i + 1] !== undefined) rule[key] = words[i + 1] as string;
  }
  return rule;
}

export function formatRule(r: Rule): string {
  let raw = `${Number(r['enable'] ?? 0) ? '' : '|'}${String(r['type']).toUpperCase()} `;
  raw += r['macro'] ? `${r['macro']}(${r['action']})` : String(r['action']);
  for (const [key, flag] of FLAGS) if (r[key] !== undefined && r[key] !== '') raw += ` ${flag} ${r[key]}`;
  if (r['comment'] !== undefined && r['comment'] !== '') raw += ` # ${r['comment']}`;
  return raw;
}

export function parseFw(text: string): FwFile {
  const fw: FwFile = { options: {}, rules: [], other: [] };
  let section = '';
  for (const line of text.split('\n')) {
    const head = /^\[([^\]]+)\]\s*$/.exec(line.trim());
    if (head) {
      section = (head[1] as string).toUpperCase();
      if (section !== 'OPTIONS' && section !== 'RULES') fw.other.push(line.trim());
      continue;
    }
    if (section === 'OPTIONS') {
      const kv = /^\s*([a-z_]+):\s*(.*?)\s*$/.exec(line);
      if (kv) fw.options[kv[1] as string] = kv[2] as string;
    } else if (section === 'RULES') {
      if (line.trim() === '' || line.trim().startsWith('#')) continue;
      const r = parseRule(line);
      if (r) fw.rules.push(r);
    } else if (section && fw.other.length) {
      fw.other[fw.other.length - 1] += `\n${line}`;
    }
  }
  return fw;
}

export function writeFw(fw: FwFile): string {
  let out = '';
  const opts = Object.keys(fw.options).sort();
  if (opts.length) out += `[OPTIONS]\n\n${opts.map((k) => `${k}: ${fw.options[k]}\n`).join('')}\n`;
  for (const o of fw.other) out += `${o.replace(/\n+$/, '')}\n\n`;
  if (fw.rules.length) out += `[RULES]\n\n${fw.rules.map((r) => `${formatRule(r)}\n`).join('')}\n`;
  return out;
}
