// The one error type of the command line: a message for the user and the exit code it ends with.

/** Exit codes every command keeps to, so scripts can branch on them. */
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  failed: 3,
  drift: 4,
  timeout: 5,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.error,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad arguments, a bad input file or a missing setting: exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = 'UsageError';
  }
}
