// The shared contract of CSOC: API schemas (TypeBox, which is JSON Schema), domain types and helpers
// used by the server, the CLI and the portal alike. Browser-safe: nothing here reaches a node: module
// (checked by browserSafe.test.ts). Subpaths: `@csoc/common/access` (the access policy alone) and
// `@csoc/common/api-types` (the OpenAPI types generated for typed clients).
export * from './api/errorSchemas.ts';
export type * from './api/jsonBodyOf.ts';
export * from './api/pageSchemas.ts';
export * from './api/sessionSchemas.ts';
export * from './api/oidcSchemas.ts';
export * from './api/orgSchemas.ts';
export * from './api/identitySchemas.ts';
export * from './api/auditSchemas.ts';
export * from './api/dateTimeSchemas.ts';
export * from './api/freeFormSchemas.ts';
export * from './api/pluginSchemas.ts';
export * from './api/commonsSchemas.ts';
export * from './api/runSchemas.ts';
export * from './api/credentialSchemas.ts';
export * from './api/alertSchemas.ts';
export * from './api/telemetrySchemas.ts';
export * from './newId.ts';
export * from './diffDocuments.ts';
export * from './api/gitopsSchemas.ts';
export * from './api/monitorSchemas.ts';
export * from './api/statusPageSchemas.ts';
export * from './api/bulkSchemas.ts';
export * from './api/waveSchemas.ts';
export * from './access/policy.ts';
