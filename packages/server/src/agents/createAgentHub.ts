// The agent hub of one CSOC replica: the open WebSocket of each connected csoc-agent (one per commons),
// and requests to them multiplexed as streams with credit flow control (ADR 0065). A route asks
// `hub.request(commonsId, kind, params)`; when another replica holds the agent's socket, the request is
// carried to it (ADR 0079, forwardAgentRequests.ts) and its answer streams back the same way.
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
import type { MasterKeyring } from '../credentials/masterKeyring.ts';
import { InputError, NotFoundError, UnavailableError } from '../errors.ts';
import { agentErrorToDomainError } from './AgentLinkError.ts';
import {
  connectionOwnerOf,
  forgetAgentConnection,
  forgetReplica,
  markAgentSeen,
  recordAgentConnection,
  recordReplica,
  revokedAmong,
  type AgentBinding,
  type AgentConnectionOwner,
} from './agentStore.ts';
import {
  ReplicaUnreachableError,
  sendForwardedRequest,
  signForwardedRequest,
} from './forwardAgentRequests.ts';

export interface AgentRequestOptions {
  /** Aborting cancels the stream at the agent (the client went away). */
  signal?: AbortSignal;
  /**
   * Receives each data chunk of a streamed kind, in order. The stream gets more credit only once the
   * returned promise settles, so a slow consumer slows its own stream and no other.
   */
  onChunk?: (chunk: string) => void | Promise<void>;
}

/** This replica among the API replicas of one database, once its HTTP server listens. */
export interface ReplicaMembership {
  id: string;
  /** Where the other replicas reach this one (CSOC_REPLICA_URL). */
  url: string;
  /** Signs forwarded requests (a key derived from the master key every replica shares). */
  keyring: MasterKeyring;
}

export interface AgentHub {
  /** Adopts an authenticated agent connection; an earlier connection of the same commons is replaced. */
  attach(socket: WebSocket, binding: AgentBinding, version?: string): void;
  /** Asks the commons' agent, on this replica's socket or through the replica that holds it. */
  request<K extends AgentRequestKind>(
    commonsId: string,
    kind: K,
    params: AgentRequestParams<K>,
    options?: AgentRequestOptions,
  ): Promise<AgentRequestResult<K>>;
  /**
   * Asks through this replica's own socket only (a forwarded request): 503 when it holds none, 404 when
   * the agent connected here belongs to another org than the one named.
   */
  requestHere<K extends AgentRequestKind>(
    target: { orgId: string; commonsId: string },
    kind: K,
    params: AgentRequestParams<K>,
    options?: AgentRequestOptions,
  ): Promise<AgentRequestResult<K>>;
  /** Whether the commons' agent is connected to this replica or to another one that is alive. */
  isConnected(commonsId: string): Promise<boolean>;
  /** Whether this replica holds the commons' agent socket itself. */
  isConnectedHere(commonsId: string): boolean;
  /**
   * Joins the replicas of the database: records this replica's URL (renewed every few seconds) and the
   * agents it holds, and from then on forwards requests for agents held elsewhere.
   */
  joinReplicas(membership: ReplicaMembership): Promise<void>;
  /** Closes an agent's connection at once (revocation, replacement); false when it had none here. */
  disconnectAgent(agentId: string, code: number, reason: string): boolean;
  /** Number of connected agents on this replica. */
  size(): number;
  /** Closes every socket; a replica that joined removes its rows (awaiting it is optional). */
  close(): Promise<void>;
}

export interface AgentHubOptions {
  db: Kysely<Database>;
  logger: Logger;
  heartbeatIntervalMs?: number;
  /** How often the replica checks its connected agents for revocation done on another replica. */
  revocationPollMs?: number;
  /** How often a replica renews its row; a row three times older is taken as a replica gone. */
  replicaHeartbeatMs?: number;
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
  /** Closes the socket when the credential it was opened with expires. */
  expiry?: NodeJS.Timeout;
  /** The connection row's write (epoch), once this replica joined; its delete waits for it. */
  recorded?: Promise<number | undefined>;
}

const utf8Bytes = (text: string) => Buffer.byteLength(text);
/** WebSocket close reasons are at most 123 bytes. */
const closeReason = (reason: string) => Buffer.from(reason).subarray(0, 120).toString();
const SEEN_WRITE_INTERVAL_MS = 60_000;
export const REPLICA_HEARTBEAT_MS = 5_000;

const notConnected = () =>
  new UnavailableError(
    "The commons' agent is not connected to this CSOC; check GET …/commons/{commons}/agent, and enrol csoc-agent with a join token if it never was.",
    'agent_not_connected',
  );
const ownerGone = (owner: AgentConnectionOwner, why: string) =>
  new UnavailableError(
    `The commons' agent was connected to CSOC replica ${owner.replicaId}, which ${why}; the agent reconnects to a live replica by itself (within its backoff, at most a minute), retry then.`,
    'agent_not_connected',
  );

export function createAgentHub(options: AgentHubOptions): AgentHub {
  const { db, logger } = options;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS;
  const replicaHeartbeatMs = options.replicaHeartbeatMs ?? REPLICA_HEARTBEAT_MS;
  const byCommons = new Map<string, AgentConnection>();
  const byAgent = new Map<string, AgentConnection>();
  let membership: ReplicaMembership | undefined;
  let replicaRenewal: NodeJS.Timeout | undefined;
  /**
   * Replicas a forward just failed to reach, until when: they count as gone meanwhile, so requests do not
   * each wait for a dead pod IP's connect timeout before the replica's row goes stale.
   */
  const unreachableUntil = new Map<string, number>();

  /** Records that this replica holds the connection (after joining); failures only cost forwarding. */
  const recordConnection = (connection: AgentConnection) => {
    const replica = membership;
    if (!replica) return;
    connection.recorded = recordAgentConnection(db, connection.binding, replica.id).catch(
      (error: unknown) => {
        logger.warn(
          { err: error, agentId: connection.binding.agentId },
          'could not record which replica holds the agent',
        );
        return undefined;
      },
    );
  };

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
    clearTimeout(connection.expiry);
    const wasCurrent = byAgent.get(connection.binding.agentId) === connection;
    if (wasCurrent) byAgent.delete(connection.binding.agentId);
    if (byCommons.get(connection.binding.commonsId) === connection)
      byCommons.delete(connection.binding.commonsId);
    const { recorded } = connection;
    connection.recorded = undefined;
    if (wasCurrent && recorded && membership) {
      const replicaId = membership.id;
      void recorded.then((epoch) =>
        epoch === undefined
          ? undefined
          : forgetAgentConnection(db, connection.binding.agentId, replicaId, epoch).catch((error: unknown) =>
              logger.warn({ err: error }, 'could not forget an agent connection'),
            ),
      );
    }
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
    // Any frame shows the agent alive (this side skips its ping while frames come, so pongs are rare).
    if (connection.lastFrameAt - connection.lastSeenWrittenAt > SEEN_WRITE_INTERVAL_MS) noteSeen(connection);
    if (isBinary)
      return refuse(connection, LINK_CLOSE_CODES.unsupportedData, 'frames are JSON text messages');
    const decoded = decodeAgentFrame(data);
    if (!decoded.ok) return refuse(connection, decoded.closeCode, decoded.reason);
    const frame = decoded.frame;
    if (frame.type === 'ping') return send(connection, { type: 'pong' });
    if (frame.type === 'pong') return;
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
      const silentFor = now - connection.lastFrameAt;
      if (silentFor > heartbeatIntervalMs * HEARTBEAT_MISSED_LIMIT) {
        logger.warn({ agentId: connection.binding.agentId, silentFor }, 'agent heartbeats stopped');
        connection.socket.terminate();
        detach(connection, 'heartbeats stopped');
        // A frame within the last interval (the agent's own ping, data) already proves the link; only a
        // quiet link needs ours, which halves the heartbeat frames of an idle fleet.
      } else if (silentFor >= heartbeatIntervalMs) send(connection, { type: 'ping' });
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
      recordConnection(connection);
      if (binding.credentialExpiresAt) {
        // The socket's authority ends with its credential; the agent renews it and dials again.
        connection.expiry = setTimeout(
          () =>
            refuse(
              connection,
              LINK_CLOSE_CODES.credentialExpired,
              'the credential expired; fetch a new one and reconnect',
            ),
          Math.max(0, Date.parse(binding.credentialExpiresAt) - Date.now()),
        );
        connection.expiry.unref();
      }
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
      if (connection) return requestOn(connection, kind, params, requestOptions);
      return forward(commonsId, kind, params, requestOptions) as Promise<AgentRequestResult<typeof kind>>;
    },

    requestHere(target, kind, params, requestOptions = {}) {
      const connection = byCommons.get(target.commonsId);
      if (!connection) return Promise.reject(notConnected());
      if (connection.binding.orgId !== target.orgId)
        return Promise.reject(new NotFoundError('No such commons in this org.', 'commons_not_found'));
      return requestOn(connection, kind, params, requestOptions);
    },

    async isConnected(commonsId) {
      if (byCommons.has(commonsId)) return true;
      if (!membership) return false;
      const owner = await connectionOwnerOf(db, commonsId);
      return owner !== undefined && owner.replicaId !== membership.id && ownerAlive(owner);
    },

    isConnectedHere: (commonsId) => byCommons.has(commonsId),

    async joinReplicas(replica) {
      await recordReplica(db, replica);
      membership = replica;
      for (const connection of byAgent.values()) recordConnection(connection);
      replicaRenewal = setInterval(() => {
        for (const [replicaId, until] of unreachableUntil)
          if (until < Date.now()) unreachableUntil.delete(replicaId);
        recordReplica(db, replica).catch((error: unknown) =>
          logger.warn({ err: error }, 'could not renew this replica’s row'),
        );
      }, replicaHeartbeatMs);
      replicaRenewal.unref();
    },

    disconnectAgent(agentId, code, reason) {
      const connection = byAgent.get(agentId);
      if (!connection) return false;
      refuse(connection, code, reason);
      return true;
    },

    size: () => byAgent.size,

    async close() {
      clearInterval(heartbeat);
      clearInterval(revocationPoll);
      clearInterval(replicaRenewal);
      const leaving = membership;
      const recorded = [...byAgent.values()].map((connection) => connection.recorded);
      for (const connection of [...byAgent.values()]) refuse(connection, 1001, 'CSOC is shutting down');
      membership = undefined;
      if (leaving)
        await Promise.all(recorded)
          .then(() => forgetReplica(db, leaving.id))
          .catch((error: unknown) => logger.warn({ err: error }, 'could not remove this replica’s rows'));
    },
  };

  const ownerAlive = (owner: AgentConnectionOwner) =>
    owner.url !== undefined &&
    owner.replicaSeenAt !== undefined &&
    Date.now() - Date.parse(owner.replicaSeenAt) <= replicaHeartbeatMs * 3 &&
    (unreachableUntil.get(owner.replicaId) ?? 0) < Date.now();

  /** Carries a request to the replica holding the agent's socket (ADR 0079). */
  async function forward(
    commonsId: string,
    kind: AgentRequestKind,
    params: unknown,
    requestOptions: AgentRequestOptions,
  ): Promise<unknown> {
    const replica = membership;
    if (!replica) throw notConnected();
    const checked = checkRequestParams(kind, params);
    if (!checked.ok) throw new InputError(checked.message, undefined, 'invalid_params');
    const owner = await connectionOwnerOf(db, commonsId);
    // Our own row without our socket: the close is still being recorded.
    if (!owner || owner.replicaId === replica.id) throw notConnected();
    if (!ownerAlive(owner))
      throw ownerGone(
        owner,
        unreachableUntil.has(owner.replicaId) ? 'did not answer just now' : 'stopped renewing its row (gone)',
      );
    const body = {
      from: replica.id,
      orgId: owner.orgId,
      commonsId,
      kind,
      paramsJson: JSON.stringify(params),
    };
    try {
      return await sendForwardedRequest(owner.url!, body, signForwardedRequest(replica.keyring, body), {
        signal: requestOptions.signal,
        onChunk: requestOptions.onChunk,
      });
    } catch (error) {
      if (!(error instanceof ReplicaUnreachableError)) throw error;
      unreachableUntil.set(owner.replicaId, Date.now() + replicaHeartbeatMs);
      logger.warn(
        { replicaId: owner.replicaId, commonsId, err: error },
        'the replica holding an agent does not answer',
      );
      throw ownerGone(owner, `does not answer (${error.message})`);
    }
  }

  function requestOn<K extends AgentRequestKind>(
    connection: AgentConnection,
    kind: K,
    params: AgentRequestParams<K>,
    requestOptions: AgentRequestOptions,
  ): Promise<AgentRequestResult<K>> {
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
    return new Promise<AgentRequestResult<K>>((resolve, reject) => {
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
          resolve(result as AgentRequestResult<K>);
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
  }
  return hub;
}
