// Entry point of the simulator executables: `node dist/src/main.js <tool> args...` (the package's bin/<tool>).
import { processIo } from './core/call-io.js';
import { runCall } from './run-call.js';

runCall(process.argv.slice(2), processIo()).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`${String(e)}\n`); process.exitCode = 255; },
);
