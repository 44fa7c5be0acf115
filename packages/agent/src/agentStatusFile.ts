// The agent's status file, read by its container health check (bin/csoc-agent-healthcheck.mjs): the link's
// state and when the agent last wrote it. A dial-out agent serves no port to probe, so liveness is "the
// file is fresh" (the event loop runs) and readiness is "connected to CSOC" (ADR 0080). Names only.
import fs from 'node:fs';
import type { AgentLinkState } from './link/createAgentLink.ts';

/** How often the file is rewritten; the health check calls it stale after a few missed writes. */
export const STATUS_WRITE_INTERVAL_MS = 10_000;
/** How often the link's state is looked at: a change (connected, waiting) is written within this. */
const STATE_POLL_MS = 1_000;

export interface AgentStatus {
  state: AgentLinkState;
  /** ISO time of this write. */
  at: string;
  pid: number;
}

/**
 * Writes `{state, at, pid}` to `file` now, within a second of each change of state, and every `intervalMs`
 * otherwise, until the returned function is called (which writes the final state once more). Atomic (a
 * rename), so a check never reads half a file. A failed write is reported once through `onError` and
 * retried at the next tick.
 */
export function startAgentStatusFile(
  file: string,
  state: () => AgentLinkState,
  options: { intervalMs?: number; onError?: (error: Error) => void } = {},
): () => void {
  const intervalMs = options.intervalMs ?? STATUS_WRITE_INTERVAL_MS;
  let reported = false;
  let written: { state: AgentLinkState; at: number } | undefined;
  const write = () => {
    const status: AgentStatus = { state: state(), at: new Date().toISOString(), pid: process.pid };
    try {
      fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(status)}\n`);
      fs.renameSync(`${file}.tmp`, file);
      written = { state: status.state, at: Date.now() };
      reported = false;
    } catch (error) {
      if (!reported) options.onError?.(error as Error);
      reported = true;
    }
  };
  write();
  const timer = setInterval(
    () => {
      if (!written || written.state !== state() || Date.now() - written.at >= intervalMs) write();
    },
    Math.min(STATE_POLL_MS, intervalMs),
  );
  timer.unref();
  return () => {
    clearInterval(timer);
    write();
  };
}
