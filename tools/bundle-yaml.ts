// Build step (`npm run build`, after tsc): dist/src/inventory/yaml.js, which tsc writes as a re-export of the `yaml`
// package, becomes one ES module holding that package (src/inventory/yaml.ts says why). It is bundled from the
// source file, so running the step twice gives the same file. esbuild resolves `yaml` as Node does (its CommonJS
// build, so its warnings still go through process.emitWarning), and the bundle requires Node's built-ins through
// createRequire: an ES module has no `require` of its own.
import { renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// this module is dist/tools/bundle-yaml.js
const SOURCE = fileURLToPath(new URL('../../src/inventory/yaml.ts', import.meta.url));
const OUT = fileURLToPath(new URL('../src/inventory/yaml.js', import.meta.url));

const tmp = `${OUT}.${process.pid}.tmp`;
await build({
  entryPoints: [SOURCE], outfile: tmp, bundle: true, platform: 'node', format: 'esm', target: 'node20',
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as phoenixCreateRequire } from 'node:module';\nconst require = phoenixCreateRequire(import.meta.url);",
  },
});
renameSync(tmp, OUT);
console.log(`bundled yaml into ${OUT}`);
