// The PVE API schema validator: what the simulator checks every pct/qm/pvesh/pvesm argv with, and what tests use.
export { checkArgv, type ArgvCheck, type CheckOpts } from './check-argv.js';
export { DEFAULT_SCHEMA, loadApiSchema, schemaLocation } from './load-schema.js';
export type { ApiSchema, Method, Prop } from './types.js';
