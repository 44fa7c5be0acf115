// The one digest CSOC stores in place of a bearer secret (session, API, invitation, state and GitOps read
// tokens; lockout keys): a stolen database then holds nothing that can be replayed.
import { createHash } from 'node:crypto';

/**
 * The sha256 of a UTF-8 string, as lowercase hex.
 *
 * @example sha256Hex(token) // store this, never the token
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
