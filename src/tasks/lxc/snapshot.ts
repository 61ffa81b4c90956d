// CT snapshot: see ../snapshot.ts.
import { snapshotTask } from '../snapshot.js';

export type { SnapshotParams } from '../snapshot.js';
export const lxcSnapshot = snapshotTask('lxc');
