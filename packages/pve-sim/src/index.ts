// What the simulator offers its users (tests, benchmarks): where its executables are, its audit log, the
// environment of a simulated node, a throw-away node for tests, and seeding many converged clones at once.
export { auditPath, readAudit, type AuditEntry } from './audit.js';
export { binDir, simEnv, type SimNode } from './node-env.js';
export { makeSimState, type MakeSimOpts, type SimResult, type SimRunOpts, type SimState } from './harness.js';
export { renameVolname, seedClones, type SeedClone, type SeedOptions } from './seed.js';
export { checkArgv, DEFAULT_SCHEMA, loadApiSchema, schemaLocation, type ApiSchema, type ArgvCheck } from './api/index.js';
export { startPool, type PoolOpts, type PoolStats, type SimPool } from './pool/start-pool.js';
export { cpuSecondsOf } from './pool/proc-cpu.js';
