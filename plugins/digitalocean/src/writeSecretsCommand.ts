// The shell command terraform/secrets.tf evaluates to call this plugin back with the write-cluster-secrets
// verb (ADR 0057): the same Node, flags and entry file that run the plugin now, each part single-quoted.

/** Quotes one argument for POSIX sh. */
export function shellQuote(part: string): string {
  return `'${part.replace(/'/g, `'\\''`)}'`;
}

/**
 * @example
 * writeSecretsCommand('/usr/bin/node', [], '/opt/csoc-plugin/dist/main.mjs')
 * // => "'/usr/bin/node' '/opt/csoc-plugin/dist/main.mjs' 'write-cluster-secrets'"
 */
export function writeSecretsCommand(execPath: string, execArgv: readonly string[], entry: string): string {
  return [execPath, ...execArgv, entry, 'write-cluster-secrets'].map(shellQuote).join(' ');
}
