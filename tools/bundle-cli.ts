// Build step (`npm run build`, after tsc and bundle-yaml): dist/bundle/cli/, the CLI as bin/phoenix loads it. Phoenix's
// own ES modules (dist/src/, 50 to 200 files a command) become a few files: an entry and the chunks esbuild splits
// at each dynamic import(), so a command still loads only what it uses (`--help` no command module, `validate` no
// runner). Node resolves, reads, compiles and links every ES module on its own; fewer of them was 30-50 ms of each
// start here (validate and --help, alternating with the unbundled dist/src, medians of 15). Packages stay external
// (node_modules, resolved as before). dist/bundle/cli/ is as deep under the repository as dist/src/cli/, so the
// paths the modules take from import.meta.url (package.json, dist/generated/, config/schemas/) are the same ones.
// Written beside and renamed: a half-written bundle is never the one bin/phoenix finds.
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
