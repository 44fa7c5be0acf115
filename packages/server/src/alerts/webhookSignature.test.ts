import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './webhookSignature.ts';

const secret = 'whsec-0123456789abcdef';
const body = '{"kind":"AlertNotification","alerts":[]}';

describe('webhook signatures', () => {
  it('verifies what CSOC signed, over the raw body', () => {
    const { timestamp, signature } = signWebhook(secret, body);
    expect(verifyWebhookSignature({ secret, body, timestamp, signature })).toBe(true);
    expect(verifyWebhookSignature({ secret, body: Buffer.from(body), timestamp, signature })).toBe(true);
  });

  it('refuses another secret, a changed body, a changed timestamp or a malformed header', () => {
    const { timestamp, signature } = signWebhook(secret, body);
    expect(verifyWebhookSignature({ secret: 'whsec-another-secret-00', body, timestamp, signature })).toBe(
      false,
    );
    expect(verifyWebhookSignature({ secret, body: `${body} `, timestamp, signature })).toBe(false);
    expect(
      verifyWebhookSignature({ secret, body, timestamp: String(Number(timestamp) - 1), signature }),
    ).toBe(false);
    expect(
      verifyWebhookSignature({ secret, body, timestamp, signature: signature.replace('v1=', 'v0=') }),
    ).toBe(false);
    expect(verifyWebhookSignature({ secret, body, timestamp: undefined, signature })).toBe(false);
  });

  it('refuses a replay older than the tolerance', () => {
    const signedAt = new Date('2026-01-01T00:00:00Z');
    const { timestamp, signature } = signWebhook(secret, body, signedAt);
    const later = new Date(signedAt.getTime() + 301_000);
    expect(verifyWebhookSignature({ secret, body, timestamp, signature, now: later })).toBe(false);
    expect(
      verifyWebhookSignature({ secret, body, timestamp, signature, now: later, toleranceSeconds: 600 }),
    ).toBe(true);
  });
});
