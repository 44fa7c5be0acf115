// Entry for other packages (CLI tests, plugin tests, benchmarks): start a CSOC in-process, the release
// catalog's next release, a repository plugin's bundle. The test kit is `@csoc/server/testing/*`.
export { startCsoc, type RunningCsoc, type StartCsocOptions } from './startCsoc.ts';
export { loadConfig, ConfigError } from './config/loadConfig.ts';
export { configFields, type CsocConfig } from './config/configSchema.ts';
export { nextRelease } from './gitops/releases/releaseCatalog.ts';
export { ensurePluginBundle } from './plugins/repoPluginBundles.ts';
