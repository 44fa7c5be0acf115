// Where a `csoc-server` command writes its lines: the process's stdout and stderr, or a test's buffers.
// A leaf module, so commands in other areas (backup/) take it without importing the command table.

export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}
