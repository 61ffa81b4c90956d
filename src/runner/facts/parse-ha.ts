// `<pveRoot>/ha/resources.cfg`: which guests the HA stack manages (their `pct start` / `qm start` only queue a request).

/**
 * The file is a SectionConfig (pve-ha-manager src/PVE/HA/Config.pm `parse_resources_config` -> PVE/HA/Resources.pm
 * `parse_section_header`: `^(\S+):\s*(\S+)\s*$`, type lower-cased; pve-common PVE/SectionConfig.pm `parse_config`:
 * `#` lines skipped, properties indented `^\s+(\S+)(\s+(.*\S))?\s*$`, an empty line ends a section):
 *
 *     ct: 950
 *         state started
 *
 *     vm: 1001
 *
 * Guests are the `ct:<vmid>` and `vm:<vmid>` sections. One with `state ignored` behaves as if HA did not manage it
 * (Config.pm `$service_check_ha_state`, used by `vm_is_ha_managed`, which pct/qm start ask), so it is left out.
 * Returns the vmids, sorted numerically, without duplicates.
 */
export function parseHaResources(text: string): string[] {
  const managed = new Set<string>();
  let section: { vmid?: string; ignored: boolean } | undefined; // inside a section: from its header to an empty line
  const close = (): void => {
    if (section?.vmid !== undefined && !section.ignored) managed.add(section.vmid);
    section = undefined;
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (/^\s*#/.test(line)) continue;
    if (line === '') { close(); continue; }
    if (section) {
      // a property; any other line (even a header) is ignored until the empty line: SectionConfig.pm reads a
      // section's lines up to the first empty one
      const p = /^\s+(\S+)(?:\s+(.*\S))?\s*$/.exec(line);
      if (p?.[1] === 'state' && p[2] === 'ignored') section.ignored = true;
      continue;
    }
    const h = /^(\S+):\s*(\S+)\s*$/.exec(line);
    if (!h) continue; // "ignore config line"
    const type = h[1]!.toLowerCase();
    section = { ignored: false, ...((type === 'ct' || type === 'vm') && /^\d+$/.test(h[2]!) ? { vmid: h[2]! } : {}) };
  }
  close();
  return [...managed].sort((a, b) => Number(a) - Number(b));
}
