// Errors with a meaning in the contract: one whose `error` event is already written, and a verb timeout.

/** An error whose `error` event the plugin already wrote; `runPlugin` does not write another. */
export class ReportedError extends Error {
  readonly reported = true;
  constructor(message: string) {
    super(message);
    this.name = 'ReportedError';
  }
}

/** The abort reason when the request's `options.timeoutSeconds` runs out. */
export class PluginTimeoutError extends Error {
  constructor(seconds: number) {
    super(`The verb did not finish within options.timeoutSeconds (${seconds} s) and was interrupted`);
    this.name = 'PluginTimeoutError';
  }
}
