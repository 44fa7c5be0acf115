// Password hashing with argon2id. Parameters (64 MiB, 3 passes) make one verification cost about 75 ms on
// a 2-core machine: slow for a guesser, quick enough for a person (see bench/login.bench.ts).
import { hash, verify } from '@node-rs/argon2';

const argon2Options = {
  algorithm: 2 /* Argon2id */,
  memoryCost: 65536,
  timeCost: 3,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this keeps a login for an unknown email as slow as one for a known email.
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(await warmDummyHash(), password);
  return false;
}

/** Hashes the dummy password now (once), so no unknown-email sign-in pays for it. */
export function warmDummyHash(): Promise<string> {
  dummyHash ??= hashPassword('csoc-dummy-password-for-timing');
  return dummyHash;
}
