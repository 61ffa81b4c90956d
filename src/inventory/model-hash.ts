// The model's hash: sha256 over the config text, the inventory and the three JSON files' text.
import { createHash } from 'node:crypto';

export interface HashParts { config: string; inventory: string; hypervisor: string; lxc: string; vm: string }

export function modelHash(parts: HashParts): string {
  const h = createHash('sha256');
  for (const key of ['config', 'inventory', 'hypervisor', 'lxc', 'vm'] as const) {
    const text = parts[key];
    h.update(`${key}\0${Buffer.byteLength(text)}\0`);
    h.update(text);
  }
  return h.digest('hex');
}
