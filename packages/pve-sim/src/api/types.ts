// The compact form of the PVE API schema (pve-docs api-viewer `apidata.js`) the validator works on: each method's
// parameter properties, without descriptions. The shapes mirror the Perl schema hashes of PVE::JSONSchema.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One parameter (or one key of a property string): the fields PVE::JSONSchema::check_prop reads. */
export interface Prop {
  type?: string;
  optional?: 1;
  /** A registered format's name (`pve-vmid`, `pve-configid-list`), or the keys of a property string. */
  format?: string | Record<string, Prop>;
  pattern?: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minLength?: number;
  default_key?: 1;
  alias?: string;
  keyAlias?: string;
  /** `requires => 'other'`: the other key must be present too. */
  requires?: string;
  /** Kept for string formats only: the key layout of a named property-string format (`[gw=<GatewayIPv4>] ...`). */
  typetext?: string;
  items?: Prop;
}

/** One API method: `properties` may hold families like `net[n]` (net0 .. net31, see index-families.ts). */
export interface Method {
  path: string;
  method: HttpMethod;
  /** The Perl method name (`create_vm`), which `$cmddef` names. */
  name: string;
  properties: Record<string, Prop>;
}

/**
 * The extract: every method of the tree, keyed `"<METHOD> <path>"` (`"POST /nodes/{node}/lxc"`). Methods are
 * looked up one at a time, so a cached extract reads only the methods a call needs (load-schema.ts).
 */
export interface ApiSchema {
  /** The schema file it was read from. */
  source: string;
  /** Every method key. */
  readonly keys: readonly string[];
  method(key: string): Method | undefined;
}

/** An ApiSchema over methods held in memory. */
export function schemaOf(source: string, methods: Readonly<Record<string, Method>>): ApiSchema {
  return { source, keys: Object.keys(methods), method: (k) => methods[k] };
}

export const methodKey = (method: HttpMethod, path: string): string => `${method} ${path}`;
