// The `yaml` functions Phoenix uses, from one module. The build (tools/bundle-yaml.ts) replaces the compiled file
// with a single-file ES module of the same package: `yaml` is 74 CommonJS files, and importing them from an ES
// module resolves, reads and scans each for its export names, a large share of a `phoenix validate`; the bundle is
// one file. Without the build step this re-export works as it stands.
export { parse, parseDocument } from 'yaml';
