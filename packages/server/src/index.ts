// Entry for other packages (CLI tests, benchmarks): start a CSOC in-process.
export { startCsoc, type RunningCsoc, type StartCsocOptions } from './startCsoc.ts';
export { loadConfig, ConfigError } from './config/loadConfig.ts';
export type { CsocConfig } from './config/configSchema.ts';
