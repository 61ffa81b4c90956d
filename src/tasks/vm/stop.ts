// VM power/lifecycle: see ../power.ts for the shared check-then-act shape.
import { stopTask } from '../power.js';

export const vmStop = stopTask('vm');
