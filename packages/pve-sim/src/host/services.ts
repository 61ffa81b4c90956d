// State of the node's systemd units as the simulator's `systemctl` keeps it: every unit starts active and enabled
// (a fresh node runs its services); start/stop/restart/reload change it and are counted.
import type { SimEnv } from '../core/env.js';
import { readJson, writeJson } from '../core/fsx.js';
import { servicesFile } from '../state/paths.js';

export interface UnitState {
  active: boolean;
  enabled: boolean;
  /** How many times each verb was applied to the unit (`restart`, `reload-or-restart`, ...). */
  calls: Record<string, number>;
}

export type Units = Record<string, UnitState>;

export const readUnits = (env: SimEnv): Units => readJson<Units>(servicesFile(env), {});
export const writeUnits = (env: SimEnv, units: Units): void => writeJson(servicesFile(env), units);

/** A fresh unit: what a node that was never told about it reports. */
export const freshUnit = (): UnitState => ({ active: true, enabled: true, calls: {} });

/** `smbd` -> `smbd.service` (systemctl's unit_name_mangle: a name without a known suffix is a service). */
export function unitName(name: string): string {
  return /\.(service|socket|target|mount|automount|timer|path|slice|scope|swap|device)$/.test(name) ? name : `${name}.service`;
}
