// `[special:cloudinit]`: what the cloud-init drive of a running VM was generated from, for the values changed
// since (qemu-server src/PVE/QemuServer.pm vmconfig_hotplug_pending, `$cloudinit_record_changed`): the old value
// of a changed or removed key, `added: k1,k2` for keys that did not exist. Regenerating the drive (next start,
// `qm cloudinit update`) drops the section (QemuServer/Cloudinit.pm apply_cloudinit_config).
import { emptySection, type GuestConf } from '../conf/config-file.js';
import { isCloudinitProperty } from '../guest/hotplug-rules.js';

export function recordCloudinitChange(conf: GuestConf, key: string, old: string | undefined, value: string | undefined): void {
  if (!isCloudinitProperty(key)) return;
  conf.special ??= {};
  const ci = (conf.special['cloudinit'] ??= emptySection());
  const recorded = ci.keys[key];
  const added = new Set((ci.keys['added'] ?? '').split(/[,;\s]+/).filter(Boolean));
  delete ci.keys['added'];
  if (value !== undefined) {
    if (recorded !== undefined) {
      if (value === recorded) { delete ci.keys[key]; added.delete(key); } // reverted to the generated state
    } else if (!added.has(key)) {
      if (old !== undefined) ci.keys[key] = old; else added.add(key);
    }
  } else if (old !== undefined) {
    if (recorded === undefined) {
      if (added.has(key)) added.delete(key); else ci.keys[key] = old;
    }
  }
  if (added.size) ci.keys['added'] = [...added].sort().join(',');
  if (!Object.keys(ci.keys).length) delete conf.special['cloudinit'];
}

/** The drive was regenerated from the current config. */
export function dropCloudinitRecord(conf: GuestConf): void {
  if (conf.special) delete conf.special['cloudinit'];
}
