// Time-ordered unique ids (UUID version 7), so that ordering by id is ordering by creation and cursor
// pagination needs no second sort key. Uses the Web Crypto API (globalThis.crypto), so it runs in the
// browser as in Node.

let lastMillis = 0;
let sequence = 0;

/** Returns a new UUIDv7 string; ids made in one process are strictly increasing. */
export function newId(): string {
  let now = Date.now();
  if (now <= lastMillis) {
    sequence += 1;
    if (sequence > 0xfff) {
      lastMillis += 1;
      sequence = 0;
    }
    now = lastMillis;
  } else {
    lastMillis = now;
    sequence = 0;
  }
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  // 48-bit big-endian milliseconds; arithmetic, not bit shifts, which stop at 32 bits.
  for (let index = 5, rest = now; index >= 0; index -= 1, rest = Math.floor(rest / 256)) {
    bytes[index] = rest % 256;
  }
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
