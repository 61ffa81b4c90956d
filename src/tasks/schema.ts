// Small JSON Schema builders for task params: every object is closed (additionalProperties: false), so a
// playbook step with a stray or misspelt param is refused.
export type ParamSchema = { [key: string]: unknown };

export const str = (extra: ParamSchema = {}): ParamSchema => ({ type: 'string', ...extra });
export const int = (extra: ParamSchema = {}): ParamSchema => ({ type: 'integer', ...extra });
export const num = (extra: ParamSchema = {}): ParamSchema => ({ type: 'number', ...extra });
export const bool = (): ParamSchema => ({ type: 'boolean' });
export const arr = (items: ParamSchema, extra: ParamSchema = {}): ParamSchema => ({ type: 'array', items, ...extra });
export const oneOf = (...schemas: ParamSchema[]): ParamSchema => ({ oneOf: schemas });
export const constant = (value: string | number | boolean): ParamSchema => ({ const: value });
export const strMap = (): ParamSchema => ({ type: 'object', additionalProperties: { type: 'string' } });

/** A closed object: `required` lists the keys that must be present; every other key of `props` is optional. */
export function obj(props: Record<string, ParamSchema>, required: readonly string[] = Object.keys(props)): ParamSchema {
  return { type: 'object', properties: props, required: [...required], additionalProperties: false };
}

/** A CT/VM id as Phoenix carries it: a decimal string (PVE: 100..999999999, pve-common `pve-vmid`). */
export const vmidSchema = str({ pattern: '^[1-9][0-9]{2,8}$' });
/** `{"$secret": "env:NAME" | "file:PATH"}`. */
export const secretRefSchema = obj({ $secret: str({ pattern: '^(env|file):.+' }) });
export const secretishSchema = oneOf(str(), secretRefSchema);
/** A script file relative to the scripts dir, with the sha256 it was planned with. */
export const scriptSchema = { path: str({ minLength: 1 }), sha256: str({ pattern: '^[0-9a-f]{64}$' }) };

// Values that become positional arguments, property-string values or host paths, in their Proxmox formats. Each
// starts with a letter, a digit or `/`, so none can read as an option. Patterns match config/schemas, where the same
// formats are written out (an editor shows them there).

/** pve-storage-id: pve-common src/PVE/JSONSchema.pm `parse_storage_id` -> `parse_id` (l.266-305): a letter, then
 * letters, digits, `-` `_` `.`, ending in a letter or digit; at least 2 characters. */
export const STORAGE_ID = '^[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]$';
export const storageIdSchema = str({ pattern: STORAGE_ID });

/** pve-volume-id: pve-storage src/PVE/Storage/Plugin.pm `parse_volume_id` (l.420): `<storage id>:<volume name>`
 * (Perl's `.+`: one line; control characters refused here), or, for `pct create`, an absolute path of a template
 * file (pve-storage src/PVE/Storage.pm `abs_filesystem_path` l.769: a path that is not a volume id must be a file). */
export const TEMPLATE_REF = '^(?:[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]:[^\\x00-\\x1f\\x7f]+|(?!.*/\\.\\.?(/|$))/[^\\x00-\\x1f\\x7f]+)$';
export const templateRefSchema = str({ pattern: TEMPLATE_REF });

/** pve-configid: pve-common src/PVE/JSONSchema.pm `$CONFIGID_RE` (l.30, `pve_verify_configid` l.254), with the
 * maxLength 40 every `snapname` parameter has (pve-container src/PVE/API2/LXC/Snapshot.pm, qemu-server). */
export const SNAPSHOT_NAME = '^[A-Za-z][A-Za-z0-9_-]{1,39}$';
export const snapshotNameSchema = str({ pattern: SNAPSHOT_NAME });

/** An inventory node name / `pveNode` (config/schemas/inventory.schema.json `nodeName`): a letter or digit first. */
export const nodeNameSchema = str({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' });

/**
 * An absolute path without `.` or `..` segments, on one line, without NUL; `forbid` adds characters the target
 * format cannot carry (`,=` in an mpN property string, whitespace in /etc/exports, …; written for a character class).
 * The segment rule is pve-container's for a mount point (src/PVE/LXC/Config.pm `verify_lxc_mp_string` l.982:
 * no `/./`, `/../`, trailing `/.` or `/..`), applied to every host path, container path and mount point.
 */
export const absPathPattern = (forbid = ''): string => `^(?!.*/\\.\\.?(/|$))/[^\\r\\n\\x00${forbid}]*$`;
export const absPath = (forbid = ''): ParamSchema => str({ pattern: absPathPattern(forbid) });
