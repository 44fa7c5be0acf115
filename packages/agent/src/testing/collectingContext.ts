// Test support: an AgentRequestContext that keeps what a handler wrote, and can hold writes back the way a
// stream without credit does (`hold()` / `release()`).
import type { AgentRequestContext } from '../link/AgentRequestHandlers.ts';

export function collectingContext() {
  const controller = new AbortController();
  const chunks: string[] = [];
  let gate: { promise: Promise<void>; open: () => void } | undefined;
  let waitingWrites = 0;
  const context: AgentRequestContext = {
    signal: controller.signal,
    async write(chunk) {
      if (typeof chunk !== 'string' || chunk.length === 0) throw new Error('write() takes non-empty text');
      while (gate) {
        waitingWrites += 1;
        await gate.promise;
        waitingWrites -= 1;
      }
      chunks.push(chunk);
    },
  };
  return {
    context,
    chunks,
    text: () => chunks.join(''),
    cancel: () => controller.abort(),
    /** Writes wait until release(), like a stream whose reader stopped granting credit. */
    hold() {
      let open!: () => void;
      const promise = new Promise<void>((resolve) => (open = resolve));
      gate = { promise, open };
    },
    release() {
      const current = gate;
      gate = undefined;
      current?.open();
    },
    get waitingWrites() {
      return waitingWrites;
    },
  };
}

/** Polls `condition` until it holds or `timeoutMs` passes (then throws with `what`). */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
