// The csoc command line as a library: run it in-process (tests, wrappers) with your own streams.
export { runCli, COMMANDS } from './runCli.ts';
export { EXIT, CliError, UsageError } from './CliError.ts';
