// Envelope encryption: a secret comes back only with the right master key, for the right record, and
// untouched; every other case is an EnvelopeError that does not echo the secret.
import { describe, expect, it } from 'vitest';
import { EnvelopeError, openSecret, rewrapSecret, sealSecret, type SealedSecret } from './envelope.ts';
import { generateMasterKey } from './masterKeyring.ts';

const SECRET = Buffer.from('{"token":"CANARY-envelope-0123456789"}', 'utf8');
const RECORD = 'cloud_accounts/0190a8a0-0000-7000-8000-000000000001';

function flipFirstByte(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = bytes[0]! ^ 0x01;
  return bytes.toString('base64');
}

function expectEnvelopeError(open: () => unknown) {
  let thrown: unknown;
  try {
    open();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(EnvelopeError);
  expect(String((thrown as Error).message)).not.toContain('CANARY');
}

describe('envelope', () => {
  it('round-trips, with a fresh data key and iv for every seal', () => {
    const master = generateMasterKey();
    const first = sealSecret(SECRET, RECORD, master);
    const second = sealSecret(SECRET, RECORD, master);
    expect(openSecret(first, RECORD, master).equals(SECRET)).toBe(true);
    expect(first.keyId).toBe(master.id);
    expect(first.ciphertext).not.toBe(second.ciphertext);
    expect(first.wrappedKey).not.toBe(second.wrappedKey);
    expect(first.iv).not.toBe(second.iv);
    expect(JSON.stringify(first)).not.toContain('CANARY');
    expect(Buffer.from(first.ciphertext, 'base64').includes(Buffer.from('CANARY'))).toBe(false);
  });

  it.each<[string, (sealed: SealedSecret) => SealedSecret]>([
    ['ciphertext', (sealed) => ({ ...sealed, ciphertext: flipFirstByte(sealed.ciphertext) })],
    ['tag', (sealed) => ({ ...sealed, tag: flipFirstByte(sealed.tag) })],
    ['iv', (sealed) => ({ ...sealed, iv: flipFirstByte(sealed.iv) })],
    ['wrapped key', (sealed) => ({ ...sealed, wrappedKey: flipFirstByte(sealed.wrappedKey) })],
    ['truncated wrapped key', (sealed) => ({ ...sealed, wrappedKey: sealed.wrappedKey.slice(0, 40) })],
  ])('detects a tampered %s', (_part, tamper) => {
    const master = generateMasterKey();
    const sealed = sealSecret(SECRET, RECORD, master);
    expectEnvelopeError(() => openSecret(tamper(sealed), RECORD, master));
  });

  it('refuses a ciphertext or wrapped key moved to another record', () => {
    const master = generateMasterKey();
    const mine = sealSecret(SECRET, RECORD, master);
    const other = 'cloud_accounts/0190a8a0-0000-7000-8000-000000000002';
    const theirs = sealSecret(Buffer.from('{"token":"other"}'), other, master);
    expectEnvelopeError(() => openSecret(mine, other, master));
    // Their data key with my ciphertext, and my data key with their ciphertext.
    expectEnvelopeError(() => openSecret({ ...mine, wrappedKey: theirs.wrappedKey }, RECORD, master));
    expectEnvelopeError(() =>
      openSecret({ ...theirs, ciphertext: mine.ciphertext, iv: mine.iv, tag: mine.tag }, other, master),
    );
  });

  it('refuses the wrong master key, even one relabelled with the right id', () => {
    const master = generateMasterKey();
    const wrong = generateMasterKey();
    const sealed = sealSecret(SECRET, RECORD, master);
    expectEnvelopeError(() => openSecret(sealed, RECORD, wrong));
    expectEnvelopeError(() => openSecret(sealed, RECORD, { id: master.id, key: wrong.key }));
  });

  it('re-wraps the data key to a new master key without touching the ciphertext', () => {
    const oldKey = generateMasterKey();
    const newKey = generateMasterKey();
    const sealed = sealSecret(SECRET, RECORD, oldKey);
    const rewrapped = rewrapSecret(sealed, RECORD, oldKey, newKey);
    expect(rewrapped.keyId).toBe(newKey.id);
    expect(rewrapped.ciphertext).toBe(sealed.ciphertext);
    expect(openSecret(rewrapped, RECORD, newKey).equals(SECRET)).toBe(true);
    expectEnvelopeError(() => openSecret(rewrapped, RECORD, oldKey));
  });
});
