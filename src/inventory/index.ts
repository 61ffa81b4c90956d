export { loadModel, type LoadOptions } from './load-model.js';
export { buildModel, DEFAULT_INVENTORY, type ModelSources } from './build-model.js';
export { findConfig, SEARCH_PLACES, type FoundConfig } from './find-config.js';
export { schemaProblems } from './validate-schema.js';
export { schemaDir, schemaFile, SCHEMA_NAMES, type SchemaName } from './schema-files.js';
export { featureScriptPath, applicationScriptPath } from './script-checks.js';
export { ignoredFields, type IgnoredField } from './ignored-fields.js';
export type * from './model.js';
export type * from './config-types.js';
