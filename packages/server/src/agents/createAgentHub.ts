// The agent hub of one CSOC replica: the open WebSocket of each connected csoc-agent (one per commons),
// and requests to them multiplexed as streams with credit flow control (ADR 0065). A route asks
// `hub.request(commonsId, kind, params)`; the hub knows nothing of HTTP.
import {
  INITIAL_STREAM_CREDIT_BYTES,
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_MISSED_LIMIT,
  LINK_CLOSE_CODES,
  MAX_CONCURRENT_STREAMS,
  checkRequestParams,
  checkRequestResult,
  decodeAgentFrame,
  encodeFrame,
  type AgentRequestKind,
  type AgentRequestParams,
  type AgentRequestResult,
  type ServerToAgentFrame,
} from '@csoc/common/agent-protocol';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { Database } from '../db/schema.ts';
import { InputError, UnavailableError } from '../errors.ts';
import { agentErrorToDomainError } from './AgentLinkError.ts';
import { markAgentSeen, revokedAmong, type AgentBinding } from './agentStore.ts';

export interface AgentRequestOptions {
  /** Aborting cancels the stream at the agent (the client went away). */
  signal?: AbortSignal;
  /**
   * Receives each data chunk of a streamed kind, in order. The stream gets more credit only once the
   * returned promise settles, so a slow consumer slows its own stream and no other.
   */
  onChunk?: (chunk: string) => void | Promise<void>;
}

export interface AgentHub {
  /** Adopts an authenticated agent connection; an earlier connection of the same commons is replaced. */
  attach(socket: WebSocket, binding: AgentBinding, version?: string): void;
  request<K extends AgentRequestKind>(
    commonsId: string,
    kind: K,
    params: AgentRequestParams<K>,
    options?: AgentRequestOptions,
  ): Promise<AgentRequestResult<K>>;
  isConnected(commonsId: string): boolean;
  /** Closes an agent's connection at once (revocation, replacement); false when it had none here. */
  disconnectAgent(agentId: string, code: number, reason: string): boolean;
  /** Number of connected agents on this replica. */
  size(): number;
  close(): void;
}

export interface AgentHubOptions {
  db: Kysely<Database>;
  logger: Logger;
  heartbeatIntervalMs?: number;
  /** How often the replica checks its connected agents for revocation done on another replica. */
  revocationPollMs?: number;
}

interface PendingStream {
  kind: AgentRequestKind;
  /** Bytes of data the agent may still send; a frame beyond it is a protocol violation. */
  credit: number;
  /** Chunks are handed to the consumer one after another. */
  delivery: Promise<void>;
  onChunk?: AgentRequestOptions['onChunk'];
  resolve(result: unknown): void;
  reject(error: Error): void;
}

interface AgentConnection {
  binding: AgentBinding;
  socket: WebSocket;
  streams: Map<number, PendingStream>;
  nextStreamId: number;
  lastFrameAt: number;
  lastSeenWrittenAt: number;
}

const utf8Bytes = (text: string) => Buffer.byteLength(text);
/** WebSocket close reasons are at most 123 bytes. */
const closeReason = (reason: string) => Buffer.from(reason).subarray(0, 120).toString();
const SEEN_WRITE_INTERVAL_MS = 60_000;

export function createAgentHub(options: AgentHubOptions): AgentHub {
  const { db, logger } = options;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS;
  const byCommons = new Map<string, AgentConnection>();
  const byAgent = new Map<string, AgentConnection>();

  const send = (connection: AgentConnection, frame: ServerToAgentFrame) => {
    if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(encodeFrame(frame));
  };

  const noteSeen = (connection: AgentConnection, version?: string) => {
    connection.lastSeenWrittenAt = Date.now();
    markAgentSeen(db, connection.binding.agentId, version).catch((error: unknown) =>
      logger.warn(
        { err: error, agentId: connection.binding.agentId },
        'could not record when the agent was seen',
      ),
    );
  };

  function detach(connection: AgentConnection, why: string) {
    if (byAgent.get(connection.binding.agentId) === connection) byAgent.delete(connection.binding.agentId);
    if (byCommons.get(connection.binding.commonsId) === connection)
      byCommons.delete(connection.binding.commonsId);
    const error = agentErrorToDomainError(
      'agent_disconnected',
      `The commons' agent disconnected (${why}); the stream ended. It reconnects by itself; retry in a moment.`,
    );
    // After the chunks already received, so a log reader sees everything that arrived, then why it ended.
    for (const stream of connection.streams.values()) void stream.delivery.then(() => stream.reject(error));
    connection.streams.clear();
  }

  function refuse(connection: AgentConnection, code: number, reason: string) {
    logger.warn({ agentId: connection.binding.agentId, code, reason }, 'closing an agent connection');
    connection.socket.close(code, closeReason(reason));
    detach(connection, reason);
  }

  function onMessage(connection: AgentConnection, data: Buffer, isBinary: boolean) {
    connection.lastFrameAt = Date.now();
    if (isBinary)
      return refuse(connection, LINK_CLOSE_CODES.unsupportedData, 'frames are JSON text messages');
    const decoded = decodeAgentFrame(data);
    if (!decoded.ok) return refuse(connection, decoded.closeCode, decoded.reason);
    const frame = decoded.frame;
    if (frame.type === 'ping') return send(connection, { type: 'pong' });
    if (frame.type === 'pong') {
      if (Date.now() - connection.lastSeenWrittenAt > SEEN_WRITE_INTERVAL_MS) noteSeen(connection);
      return;
    }
    // A frame for a stream this side already gave up (cancelled) is late, not wrong.
    const stream = connection.streams.get(frame.stream);
    if (!stream) return;
    if (frame.type === 'data') {
      const bytes = utf8Bytes(frame.chunk);
      if (bytes > stream.credit)
        return refuse(
          connection,
          LINK_CLOSE_CODES.policyViolation,
          `stream ${frame.stream} sent beyond its credit`,
        );
      stream.credit -= bytes;
      stream.delivery = stream.delivery
        .then(() => stream.onChunk?.(frame.chunk))
        .then(() => {
          if (!connection.streams.has(frame.stream)) return;
          stream.credit += bytes;
          send(connection, { type: 'credit', stream: frame.stream, bytes });
        });
      return;
    }
    connection.streams.delete(frame.stream);
    if (frame.type === 'error') {
      void stream.delivery.then(() => stream.reject(agentErrorToDomainError(frame.code, frame.message)));
      return;
    }
    const checked = checkRequestResult(stream.kind, frame.result);
    void stream.delivery.then(() =>
      checked.ok
        ? stream.resolve(frame.result)
        : stream.reject(agentErrorToDomainError('invalid_result', `the agent sent ${checked.message}`)),
    );
  }

  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const connection of byAgent.values()) {
      if (now - connection.lastFrameAt > heartbeatIntervalMs * HEARTBEAT_MISSED_LIMIT) {
        connection.socket.terminate();
        detach(connection, 'heartbeats stopped');
      } else send(connection, { type: 'ping' });
    }
  }, heartbeatIntervalMs);
  heartbeat.unref();

  let polling = false;
  const revocationPoll = setInterval(() => {
    if (polling || byAgent.size === 0) return;
    polling = true;
    revokedAmong(db, [...byAgent.keys()])
      .then((revoked) => {
        for (const agentId of revoked)
          hub.disconnectAgent(agentId, LINK_CLOSE_CODES.revoked, 'agent revoked');
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not check agents for revocation'))
      .finally(() => {
        polling = false;
      });
  }, options.revocationPollMs ?? 1_000);
  revocationPoll.unref();

  const hub: AgentHub = {
    attach(socket, binding, version) {
      const previous = byCommons.get(binding.commonsId) ?? byAgent.get(binding.agentId);
      if (previous) refuse(previous, LINK_CLOSE_CODES.replaced, 'replaced by a newer connection');
      const connection: AgentConnection = {
        binding,
        socket,
        streams: new Map(),
        nextStreamId: 1,
        lastFrameAt: Date.now(),
        lastSeenWrittenAt: 0,
      };
      byCommons.set(binding.commonsId, connection);
      byAgent.set(binding.agentId, connection);
      noteSeen(connection, version);
      socket.on('message', (data: Buffer, isBinary: boolean) => onMessage(connection, data, isBinary));
      socket.on('close', () => {
        detach(connection, 'connection closed');
        noteSeen(connection);
      });
      socket.on('error', (error) =>
        logger.warn({ err: error, agentId: binding.agentId }, 'agent socket error'),
      );
    },

    request(commonsId, kind, params, requestOptions = {}) {
      const connection = byCommons.get(commonsId);
      if (!connection)
        return Promise.reject(
          new UnavailableError(
            "The commons' agent is not connected to this CSOC; check GET …/commons/{commons}/agent, and enrol csoc-agent with a join token if it never was.",
            'agent_not_connected',
          ),
        );
      const checked = checkRequestParams(kind, params);
      if (!checked.ok) return Promise.reject(new InputError(checked.message, undefined, 'invalid_params'));
      if (connection.streams.size >= MAX_CONCURRENT_STREAMS)
        return Promise.reject(
          new UnavailableError(
            `The agent already serves ${MAX_CONCURRENT_STREAMS} requests; retry when some have finished.`,
            'too_many_streams',
          ),
        );
      const streamId = connection.nextStreamId++;
      const { signal, onChunk } = requestOptions;
      return new Promise<AgentRequestResult<typeof kind>>((resolve, reject) => {
        const onAbort = () => {
          if (!connection.streams.delete(streamId)) return;
          send(connection, { type: 'cancel', stream: streamId });
          reject(agentErrorToDomainError('cancelled', 'the request was cancelled'));
        };
        const settle = () => signal?.removeEventListener('abort', onAbort);
        connection.streams.set(streamId, {
          kind,
          credit: INITIAL_STREAM_CREDIT_BYTES,
          delivery: Promise.resolve(),
          onChunk,
          resolve: (result) => {
            settle();
            resolve(result as AgentRequestResult<typeof kind>);
          },
          reject: (error) => {
            settle();
            reject(error);
          },
        });
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        send(connection, { type: 'open', stream: streamId, kind, params });
      });
    },

    isConnected: (commonsId) => byCommons.has(commonsId),

    disconnectAgent(agentId, code, reason) {
      const connection = byAgent.get(agentId);
      if (!connection) return false;
      refuse(connection, code, reason);
      return true;
    },

    size: () => byAgent.size,

    close() {
      clearInterval(heartbeat);
      clearInterval(revocationPoll);
      for (const connection of [...byAgent.values()]) refuse(connection, 1001, 'CSOC is shutting down');
    },
  };
  return hub;
}
