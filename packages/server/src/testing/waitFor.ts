// The one bounded poll the integration tests wait with: CI runs on two busy cores, so a test waits for the
// state it expects (up to a deadline that names what never came) instead of sleeping a fixed time.

/** What a check returns while the awaited state has not come yet. */
type NotYet = undefined | null | false;

/**
 * Calls `check` until it returns something other than undefined, null or false, and returns that.
 * Throws `timed out waiting for <what>` after `timeoutMs`.
 *
 * @example
 *   const log = await waitFor('the delivered entry', async () => (await readLog()).find(isDelivered));
 *   await waitFor('the third attempt', () => receiver.requests.length >= 3);
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T> | T,
  timeoutMs = 120_000,
  intervalMs = 100,
): Promise<Exclude<T, NotYet>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value as Exclude<T, NotYet>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
