// Build step (`npm run build`, after tsc and bundle-yaml): dist/bundle/cli/, the CLI as bin/phoenix loads it. Phoenix's
// own ES modules (dist/src/: 54 files for `validate`, 155 for `run`) become a few files: an entry and the chunks
// esbuild splits at each dynamic import(), so a command still loads only what it uses (`--help` no command module,
// `validate` no runner). Node resolves, reads, compiles and links every ES module on its own; with the bundle,
// `validate` on the real configuration took 350 ms against 370 by median, 240 against 280 by minimum (15 runs each,
// alternating with the unbundled dist/src; `--help` 180 against 190 ms by median, within noise). Packages stay external
// (node_modules, resolved as before). dist/bundle/cli/ is as deep under the repository as dist/src/cli/, so the
// paths the modules take from import.meta.url (package.json, dist/generated/, config/schemas/) are the same ones.
// Written beside and renamed into place: bin/phoenix never finds a half-written bundle.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// this module is dist/tools/bundle-cli.js
const ENTRY = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const OUT = fileURLToPath(new URL('../bundle/cli', import.meta.url));

const tmp = `${OUT}.${process.pid}.tmp`;
rmSync(tmp, { recursive: true, force: true });
await build({
  entryPoints: [ENTRY], outdir: tmp, bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node20',
  packages: 'external', entryNames: '[name]', chunkNames: 'chunk-[hash]', logLevel: 'warning',
});
const old = `${OUT}.${process.pid}.old`;
if (existsSync(OUT)) renameSync(OUT, old);
renameSync(tmp, OUT);
rmSync(old, { recursive: true, force: true });
console.log(`bundled the CLI into ${OUT}`);
