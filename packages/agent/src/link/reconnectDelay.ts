// Exponential backoff with full jitter (ADR 0065): a thousand agents cut off together do not all come
// back in the same second.
import { RECONNECT_INITIAL_DELAY_MS, RECONNECT_MAX_DELAY_MS } from '@csoc/common/agent-protocol';

export function reconnectDelay(
  attempt: number,
  random: () => number = Math.random,
  initialMs = RECONNECT_INITIAL_DELAY_MS,
  maxMs = RECONNECT_MAX_DELAY_MS,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
