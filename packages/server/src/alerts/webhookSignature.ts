// The signature of CSOC's alert webhooks, and the check a receiver runs. CSOC sends
//   X-CSOC-Timestamp: <unix seconds>
//   X-CSOC-Signature: v1=<hex HMAC-SHA-256(secret, "<timestamp>.<raw body>")>
//   X-CSOC-Delivery: <notification id> (the same on every retry: receivers deduplicate with it)
// A receiver recomputes the HMAC over the raw bytes it received, compares in constant time, and refuses
// timestamps older than its tolerance (replays). See docs/operations/alerts.md.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-csoc-signature';
export const TIMESTAMP_HEADER = 'x-csoc-timestamp';
export const DELIVERY_HEADER = 'x-csoc-delivery';

function hmacHex(secret: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The two headers to send with `body`, signed at `now`. */
export function signWebhook(
  secret: string,
  body: string | Buffer,
  now = new Date(),
): { timestamp: string; signature: string } {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { timestamp, signature: `v1=${hmacHex(secret, timestamp, body)}` };
}

export interface VerifyWebhookOptions {
  secret: string;
  /** The raw request body, byte for byte as received (not re-serialized JSON). */
  body: string | Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  /** How old a timestamp may be, either way, in seconds (default 300). */
  toleranceSeconds?: number;
  now?: Date;
}

/**
 * Whether a webhook request really comes from CSOC holding `secret`, and is recent.
 *
 * @example
 * const ok = verifyWebhookSignature({
 *   secret, body: rawBody,
 *   timestamp: request.headers['x-csoc-timestamp'], signature: request.headers['x-csoc-signature'],
 * });
 */
export function verifyWebhookSignature(options: VerifyWebhookOptions): boolean {
  const { timestamp, signature } = options;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  const match = /^v1=([0-9a-f]{64})$/.exec(signature);
  if (!match) return false;
  const expected = Buffer.from(hmacHex(options.secret, timestamp, options.body), 'hex');
  return timingSafeEqual(expected, Buffer.from(match[1]!, 'hex'));
}
