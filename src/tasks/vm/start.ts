// VM power/lifecycle: see ../power.ts for the shared check-then-act shape.
import { startTask } from '../power.js';

export const vmStart = startTask('vm');
