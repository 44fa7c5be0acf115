// The contract between the link and whatever answers requests inside the cluster (the Kubernetes handlers,
// the simulator's, a test's): one async function per request kind, given checked params.
import type { AgentRequestKind, AgentRequestParams, AgentRequestResult } from '@csoc/common/agent-protocol';

export interface AgentRequestContext {
  /** Aborted when CSOC cancels the stream (its client went away) or the connection drops. */
  signal: AbortSignal;
  /**
   * Sends a chunk of a streamed result (log lines, job output). Resolves once the chunk is handed to the
   * connection; waits while the stream has no credit, so a slow reader at CSOC slows only this handler.
   * Rejects when the stream is cancelled or the connection is gone. Long chunks are split to fit frames.
   */
  write(chunk: string): Promise<void>;
}

export type AgentRequestHandler<K extends AgentRequestKind> = (
  params: AgentRequestParams<K>,
  ctx: AgentRequestContext,
) => Promise<AgentRequestResult<K>>;

/** A handler for each kind the agent answers; a kind without a handler is refused with `unknown_kind`. */
export type AgentRequestHandlers = { [K in AgentRequestKind]?: AgentRequestHandler<K> };

/**
 * A handler's error that CSOC shows to its client with a code (`not_found`, `forbidden`); any other error
 * is reported as `failed` with its message.
 */
export class AgentRequestError extends Error {
  constructor(
    readonly code: 'not_found' | 'forbidden' | 'failed' | 'invalid_params',
    message: string,
  ) {
    super(message);
    this.name = 'AgentRequestError';
  }
}
