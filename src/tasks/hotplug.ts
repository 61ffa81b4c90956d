// What PVE applies to a RUNNING guest at once, and what it parks in the pending section (`[pve:pending]` for CTs,
// `[PENDING]` for VMs) until the next start. `pct set` / `qm set` first write every given option to pending
// (pve-container src/PVE/LXC/Config.pm `update_pct_config`; qemu-server src/PVE/API2/Qemu.pm `update_vm`), drop
// pending values equal to the current ones (pve-guest-common src/PVE/AbstractConfig.pm `cleanup_pending`), and,
// when the guest runs, move what can be hot-plugged into the current section (`vmconfig_hotplug_pending`); a stopped
// guest takes everything at once (`vmconfig_apply_pending`). These tables are that hot-plug decision, as data: the
// first rule whose key matches decides; a key no rule names stays pending (the `die "skip\n"` default branch).
// Deletions (`--delete`) are not modelled: no task sends one.
import type { GuestFacts, GuestType } from './facts.js';
import { parseProps } from './props.js';

/** `hotplug` features of a VM (qemu-server src/PVE/QemuServer.pm `parse_hotplug_features`). */
export type HotplugFeature = 'network' | 'disk' | 'cpu' | 'memory' | 'usb' | 'cloudinit';

/** When a changed key is applied to the running guest. */
export type Hot =
  /** always, at once */
  | { when: 'always' }
  /** never: it waits for the next start (listed where Phoenix sets the key, to say so with a source) */
  | { when: 'never' }
  /** only when the key has no current value (a new mpN/devN; an existing one is never re-plugged) */
  | { when: 'new-key' }
  /** only when the VM's `hotplug` option enables this feature */
  | { when: 'hotplug'; feature: HotplugFeature }
  /** a property string whose `live` sub-keys (and only those) change on an existing value; else `otherwise` */
  | { when: 'props'; live: readonly string[]; defaultKey?: string; bothHave?: readonly string[]; otherwise: Hot }
  /** unless the new or the current value mentions one of `words` (qemu `hotplug` itself) */
  | { when: 'unless-mentions'; words: readonly string[] }
  /** unless the value turns the device on or off (`off` is the value that disables it; unset means on) */
  | { when: 'same-onoff'; off: string };

export interface HotplugRule {
  /** Exact option names, or a pattern for numbered ones (`mp0`, `net1`). */
  keys: readonly string[] | RegExp;
  hot: Hot;
  /** Where PVE decides it: repository, file, function (line in the vendored sources). */
  source: string;
}

const CT = 'pve-container src/PVE/LXC/Config.pm';
const QM = 'qemu-server src/PVE/QemuServer.pm';

export const LXC_HOTPLUG: readonly HotplugRule[] = [
  { keys: ['description', 'onboot', 'startup', 'protection', 'hostname', 'hookscript', 'cores', 'tags', 'lock'], hot: { when: 'always' }, source: `${CT} $LXC_FASTPLUG_OPTIONS (l. 1612), vmconfig_hotplug_pending first loop` },
  { keys: ['cpulimit', 'cpuunits'], hot: { when: 'always' }, source: `${CT} vmconfig_hotplug_pending: cgroup change_cpu_quota / change_cpu_shares` },
  { keys: /^net\d+$/, hot: { when: 'always' }, source: `${CT} vmconfig_hotplug_pending: PVE::LXC::update_net` },
  { keys: ['memory', 'swap'], hot: { when: 'always' }, source: `${CT} vmconfig_hotplug_pending: $hotplug_memory (cgroup change_memory_limit)` },
  { keys: /^mp\d+$/, hot: { when: 'new-key' }, source: `${CT} vmconfig_hotplug_pending: "don't try to hotplug over existing mp" (apply_pending_mountpoint)` },
  { keys: /^dev\d+$/, hot: { when: 'new-key' }, source: `${CT} vmconfig_hotplug_pending: "don't try to hotplug over existing dev" (device_passthrough_hotplug)` },
  { keys: ['features', 'nameserver', 'searchdomain'], hot: { when: 'never' }, source: `${CT} vmconfig_hotplug_pending: no branch, die "skip\\n"` },
];

// $confdesc_cloudinit (qemu-server src/PVE/QemuServer.pm l. 781) joins $fast_plug_option (l. 4609): in the current
// section at once; the cloud-init drive itself catches up on `qm cloudinit update` (or with hotplug `cloudinit`)
const CLOUDINIT_KEYS = ['citype', 'ciuser', 'cipassword', 'ciupgrade', 'cicustom', 'searchdomain', 'nameserver', 'sshkeys'];

export const QEMU_HOTPLUG: readonly HotplugRule[] = [
  { keys: ['description', 'hookscript', 'lock', 'migrate_downtime', 'migrate_speed', 'name', 'onboot', 'protection', 'shares', 'startup', 'tags', 'vmstatestorage'], hot: { when: 'always' }, source: `${QM} $fast_plug_option (l. 4594), vmconfig_hotplug_pending first loop` },
  { keys: CLOUDINIT_KEYS, hot: { when: 'always' }, source: `${QM} $fast_plug_option += keys of $confdesc_cloudinit (l. 4609)` },
  { keys: /^ipconfig\d+$/, hot: { when: 'always' }, source: `${QM} $fast_plug_option += keys of $confdesc_cloudinit (ipconfigN, l. 876)` },
  { keys: ['hotplug'], hot: { when: 'unless-mentions', words: ['memory', 'cpu'] }, source: `${QM} vmconfig_hotplug_pending: hotplug` },
  { keys: ['tablet'], hot: { when: 'hotplug', feature: 'usb' }, source: `${QM} vmconfig_hotplug_pending: tablet` },
  // also needs machine version >= 7.1 and ostype l26 or windows > 7 ($is_usb_hotplug_supported): not in the facts
  { keys: /^usb\d+$/, hot: { when: 'hotplug', feature: 'usb' }, source: `${QM} vmconfig_hotplug_pending: usbN (qemu_usb_hotplug)` },
  { keys: ['vcpus'], hot: { when: 'hotplug', feature: 'cpu' }, source: `${QM} vmconfig_hotplug_pending: vcpus (qemu_cpu_hotplug)` },
  { keys: ['balloon'], hot: { when: 'same-onoff', off: '0' }, source: `${QM} vmconfig_hotplug_pending: balloon ("enable/disable ballooning device is not hotpluggable")` },
  {
    keys: /^net\d+$/,
    hot: { when: 'props', live: ['bridge', 'tag', 'trunks', 'firewall', 'rate', 'link_down'], bothHave: ['bridge'], otherwise: { when: 'hotplug', feature: 'network' } },
    source: `${QM} vmconfig_update_net (model, MAC, queues, mtu or a new NIC need hotplug network)`,
  },
  { keys: ['efidisk0', 'tpmstate0'], hot: { when: 'never' }, source: `${QM} vmconfig_hotplug_pending: efidisk0/tpmstate0 die "skip\\n"` },
  // approximate: vmconfig_update_disk changes some drive options live even without `disk` (throttling, cdrom media)
  { keys: /^(ide|sata|scsi|virtio)\d+$/, hot: { when: 'hotplug', feature: 'disk' }, source: `${QM} vmconfig_hotplug_pending: is_valid_drivename (vmconfig_update_disk)` },
  { keys: ['memory'], hot: { when: 'hotplug', feature: 'memory' }, source: `${QM} vmconfig_hotplug_pending: memory (qemu_memory_hotplug)` },
  { keys: ['cpuunits', 'cpulimit'], hot: { when: 'always' }, source: `${QM} vmconfig_hotplug_pending: cgroup change_cpu_shares / change_cpu_quota` },
  {
    keys: ['agent'],
    hot: { when: 'props', live: ['fstrim_cloned_disks'], defaultKey: 'enabled', otherwise: { when: 'never' } },
    source: `${QM} vmconfig_update_agent (only fstrim_cloned_disks changes live; none without a current agent)`,
  },
  { keys: ['cores', 'sockets', 'cpu'], hot: { when: 'never' }, source: `${QM} vmconfig_hotplug_pending: no branch (only vcpus is hot-pluggable), die "skip\\n"` },
];

/** `hotplug` of a VM's current config: unset or `1` is the default `network,disk,usb`, `0` none (`parse_hotplug_features`). */
export function hotplugFeatures(config: Record<string, string>): Set<string> {
  const v = config.hotplug ?? '1';
  if (v === '0') return new Set();
  return new Set((v === '1' ? 'network,disk,usb' : v).split(/[,;\s]+/).filter(Boolean));
}

export const ruleFor = (type: GuestType, key: string): HotplugRule | undefined =>
  (type === 'lxc' ? LXC_HOTPLUG : QEMU_HOTPLUG).find((r) => (r.keys instanceof RegExp ? r.keys.test(key) : r.keys.includes(key)));

function decide(hot: Hot, config: Record<string, string>, key: string, value: string): boolean {
  const have = config[key];
  switch (hot.when) {
    case 'always': return true;
    case 'never': return false;
    case 'new-key': return have === undefined;
    case 'hotplug': return hotplugFeatures(config).has(hot.feature);
    case 'unless-mentions': return !hot.words.some((w) => value.includes(w) || (have ?? '').includes(w));
    case 'same-onoff': return ((have ?? '') === hot.off) === (value === hot.off);
    case 'props': {
      if (have === undefined) return decide(hot.otherwise, config, key, value);
      const h = parseProps(have, hot.defaultKey);
      const w = parseProps(value, hot.defaultKey);
      const changed = [...new Set([...Object.keys(h), ...Object.keys(w)])].filter((k) => h[k] !== w[k]);
      const live = changed.every((k) => hot.live.includes(k)) && (hot.bothHave ?? []).every((k) => h[k] !== undefined && w[k] !== undefined);
      return live || decide(hot.otherwise, config, key, value);
    }
  }
}

/** Would setting `key` to `value` on this guest, while it runs, be applied at once? (No rule: no, it waits.) */
export function appliesLive(type: GuestType, config: Record<string, string>, key: string, value: string): boolean {
  const rule = ruleFor(type, key);
  return rule !== undefined && decide(rule.hot, config, key, value);
}

/** PVE treats a paused VM as running (`check_running`); `unknown` is not known to run. */
const runs = (g: Pick<GuestFacts, 'status'>): boolean => g.status === 'running' || g.status === 'paused';

/**
 * Will `pct set` / `qm set` of `key` to `value` leave it in the pending section? Only on a running guest, only for
 * what the rules do not hot-plug, and not when the value equals the current one (`cleanup_pending` drops it: that is
 * how a pending change is reverted).
 */
export function willPend(g: Pick<GuestFacts, 'type' | 'status' | 'config'>, key: string, value: string): boolean {
  return runs(g) && g.config[key] !== value && !appliesLive(g.type, g.config, key, value);
}
