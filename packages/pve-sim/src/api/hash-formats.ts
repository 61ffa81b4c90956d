// Property-string formats registered by name (register_format('name', { key => {...} })): the api-viewer names them
// without their keys. Those Phoenix sends are transcribed from the sources; any other is rebuilt from the
// `typetext` the schema carries (key names, which are required, the default key; values of non-boolean keys are
// then left unchecked and reported as such).
import type { Prop } from './types.js';

export const HASH_FORMATS: Readonly<Record<string, Record<string, Prop>>> = {
  // qemu-server src/PVE/QemuServer/Network.pm $ipconfig_fmt
  'pve-qm-ipconfig': {
    ip: { type: 'string', format: 'pve-ipv4-config', optional: 1 },
    gw: { type: 'string', format: 'ipv4', optional: 1, requires: 'ip' },
    ip6: { type: 'string', format: 'pve-ipv6-config', optional: 1 },
    gw6: { type: 'string', format: 'ipv6', optional: 1, requires: 'ip6' },
  },
  // qemu-server src/PVE/QemuServer.pm $boot_fmt
  'pve-qm-boot': {
    legacy: { type: 'string', optional: 1, default_key: 1, pattern: '[acdn]{1,4}' },
    order: { type: 'string', optional: 1, format: 'pve-qm-bootdev-list' },
  },
};

/** A format's keys from its typetext (`[[legacy=]<...>] [,order=<...>]`, JSONSchema.pm generate_typetext). */
export function formatFromTypetext(typetext: string): Record<string, Prop> | undefined {
  const out: Record<string, Prop> = {};
  for (const raw of typetext.trim().split(/ (?=\[|,)/)) {
    let tok = raw;
    const optional = tok.startsWith('[') && tok.endsWith(']');
    if (optional) tok = tok.slice(1, -1);
    tok = tok.replace(/^,/, '');
    const m = /^(\[)?([\w-]+)=(\])?(.*)$/.exec(tok);
    if (!m) {
      if (/^<[\w-]+>=/.test(tok)) continue; // `<model>=<macaddr>`: key aliases, not expressible here
      return undefined;
    }
    const p: Prop = { type: m[4] === '<1|0>' ? 'boolean' : 'string' };
    if (optional) p.optional = 1;
    if (m[1] && m[3]) p.default_key = 1;
    out[m[2] as string] = p;
  }
  return Object.keys(out).length ? out : undefined;
}
