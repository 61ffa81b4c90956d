// The `yaml` functions Phoenix uses, from one module. The build (tools/bundle-yaml.ts) replaces the compiled file
// with a single-file ES module of the same package: `yaml` is 74 CommonJS files, and importing them from an ES
// module cost 35-52 ms of a `phoenix validate` (each file resolved, read and scanned for its export names); the
// bundle loads in ~9 ms. Without the build step this re-export works as it stands.
export { parse, parseDocument } from 'yaml';
