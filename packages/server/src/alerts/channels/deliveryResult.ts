// The result of one delivery attempt, and how channel secrets are kept out of what we record of it.
import { EgressRefusedError } from './channelEgress.ts';

export interface DeliveryResult {
  delivered: boolean;
  statusCode: number | null;
  /** Why it failed, already scrubbed of the channel's secrets. */
  error: string | null;
  /** A 5xx, 408, 429 or a network failure is worth retrying; a 4xx means the request itself is wrong. */
  retryable: boolean;
}

/** Replaces every secret value (and the secret part of URLs) in a message; keeps it to 500 characters. */
export function scrubSecrets(message: string, secrets: string[]): string {
  let scrubbed = message;
  for (const secret of secrets.filter((value) => value.length >= 4))
    scrubbed = scrubbed.split(secret).join('[redacted]');
  return scrubbed.slice(0, 500);
}

export function httpResult(status: number): DeliveryResult {
  const delivered = status >= 200 && status < 300;
  return {
    delivered,
    statusCode: status,
    error: delivered ? null : `the receiver answered HTTP ${status}`,
    retryable:
      !delivered && (status >= 500 || status === 408 || status === 429 || (status >= 300 && status < 400)),
  };
}

/** A network failure: names its cause (connection refused, timeout), never the URL it tried. */
export function networkFailure(error: unknown, secrets: string[]): DeliveryResult {
  if (error instanceof EgressRefusedError)
    return {
      delivered: false,
      statusCode: null,
      error: scrubSecrets(error.message, secrets),
      retryable: false,
    };
  const cause = (error as { cause?: { code?: string; message?: string; name?: string } }).cause;
  const timedOut = (error as Error).name === 'TimeoutError' || cause?.name === 'TimeoutError';
  const name = timedOut ? 'the receiver did not answer in time' : undefined;
  const code = (error as NodeJS.ErrnoException).code;
  const text = name ?? cause?.code ?? code ?? cause?.message ?? (error as Error).message ?? String(error);
  return {
    delivered: false,
    statusCode: null,
    error: scrubSecrets(`could not reach the receiver: ${text}`, secrets),
    retryable: true,
  };
}
