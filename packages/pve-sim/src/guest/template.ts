// Converting a guest to a template (pct template / qm template): volumes become base volumes.
import type { SimEnv } from '../core/env.js';
import { die } from '../core/errors.js';
import type { GuestConf } from '../conf/config-file.js';
import { saveConf } from '../state/guests.js';
import type { GuestType } from '../state/paths.js';
import { isRunning } from '../state/status.js';
import { renameToBase } from '../state/volumes.js';
import { checkLock, isTemplate, sectionVolumes } from './common.js';

export function makeTemplate(env: SimEnv, type: GuestType, vmid: string, conf: GuestConf): void {
  if (isTemplate(conf)) die(`you can't convert a template to a template`);
  if (isRunning(env, vmid)) {
    die(type === 'lxc' ? `you can't convert a CT to template if the CT is running` : `you can't convert a VM to template if VM is running`);
  }
  if (Object.keys(conf.snapshots).length) die(`unable to create template, because ${type === 'lxc' ? 'CT' : 'VM'} contains snapshots`);
  checkLock(type, conf);
  for (const [key, vol] of sectionVolumes(type, conf.main.keys)) {
    if (/^unused\d+$/.test(key) || /-cloudinit(\.\w+)?$/.test(vol)) continue;
    const nv = renameToBase(env, vol);
    if (nv === vol) continue;
    const rest = (conf.main.keys[key] as string).split(',').slice(1);
    conf.main.keys[key] = [nv, ...rest].join(',');
  }
  conf.main.keys['template'] = '1';
  saveConf(env, type, vmid, conf);
}
