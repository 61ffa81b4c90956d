// VM power/lifecycle: see ../power.ts for the shared check-then-act shape.
import { deleteTask } from '../power.js';

export const vmDelete = deleteTask('vm');
