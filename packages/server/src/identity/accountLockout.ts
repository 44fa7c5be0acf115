// Per-account lockout for every password check (sign-in and password change). The attempt is counted,
// in one atomic upsert shared by all CSOC processes, BEFORE the password is verified, so parallel guesses
// cannot all slip in while the count still reads low; emails without an account are counted the same way,
// so the answers do not reveal which emails have one (ADR 0014).
import { setTimeout as sleep } from 'node:timers/promises';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { RateLimitedError } from '../errors.ts';
import { countHit, forgetHits } from '../http/databaseRateLimitStore.ts';
import { sha256Hex } from '../crypto/sha256Hex.ts';

/** Password checks allowed per account and window; the next one in the window is refused unchecked. */
export const LOCK_AFTER_FAILURES = 5;
/** The window, starting at the first failure; a locked account opens again when it ends. */
export const LOCK_MINUTES = 15;

/** Extra delay before answering the n-th consecutive failure: 0, 250 ms, 500 ms, 1 s, 2 s. */
export function failureDelayMs(failures: number): number {
  return failures <= 1 ? 0 : Math.min(2000, 250 * 2 ** (failures - 2));
}

// Hashed, so the table never holds what someone typed into the email field (sometimes a password).
function lockoutKey(email: string): string {
  return `account-lockout|${sha256Hex(email.toLowerCase())}`;
}

/**
 * Takes one password attempt for `email` (which need not belong to an account) and returns its number
 * in the current window; throws `429 account_locked` when the window's attempts are used up.
 * Call it before verifying the password; call {@link forgetPasswordFailures} when the password was right
 * and {@link answerWrongPassword} when it was wrong.
 */
export async function takePasswordAttempt(database: CsocDatabase, email: string): Promise<number> {
  const { current, ttl } = await countHit(database, lockoutKey(email), LOCK_MINUTES * 60_000);
  if (current > LOCK_AFTER_FAILURES) {
    const seconds = Math.max(1, Math.ceil(ttl / 1000));
    throw new RateLimitedError(
      `Too many wrong passwords for this account; try again in ${Math.ceil(seconds / 60)} minute(s).`,
      seconds,
      'account_locked',
    );
  }
  return current;
}

/** A right password: the account's failures are forgotten. */
export async function forgetPasswordFailures(database: CsocDatabase, email: string): Promise<void> {
  await forgetHits(database, lockoutKey(email));
}

/** Waits the growing delay for the `attempt`-th wrong password before the caller answers. */
export async function answerWrongPassword(attempt: number): Promise<void> {
  await sleep(failureDelayMs(attempt));
}
