// csoc-agent's link to CSOC: enrols once (join token), keeps a short-lived credential renewed at two
// thirds of its life, dials CSOC's WebSocket endpoint, serves requests on it, and dials again with
// exponential backoff and full jitter whenever the connection drops. Stops only when told to, or when
// CSOC refuses it for good (revoked, bad join token): then `done` rejects with the reason.
import {
  AGENT_CONNECT_PATH,
  AGENT_VERSION_HEADER,
  LINK_CLOSE_CODES,
  MAX_FRAME_BYTES,
  RECONNECT_INITIAL_DELAY_MS,
  RECONNECT_MAX_DELAY_MS,
} from '@csoc/common/agent-protocol';
import { WebSocket } from 'ws';
import type { AgentRequestHandlers } from './AgentRequestHandlers.ts';
import { enrolAgent, fetchCredential, PermanentLinkError } from './enrolment.ts';
import type { AgentIdentity, IdentityStore } from './IdentityStore.ts';
import { reconnectDelay } from './reconnectDelay.ts';
import { serveLinkConnection } from './serveLinkConnection.ts';

export interface AgentLinkLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface AgentLinkOptions {
  csocUrl: string;
  identityStore: IdentityStore;
  /** The join token, read only when the agent has no identity yet (a mounted secret file). */
  readJoinToken: () => Promise<string | undefined>;
  handlers: AgentRequestHandlers;
  version?: string;
  logger?: AgentLinkLogger;
  heartbeatIntervalMs?: number;
  reconnectInitialDelayMs?: number;
  reconnectMaxDelayMs?: number;
}

export type AgentLinkState = 'starting' | 'connected' | 'waiting' | 'stopped';

export interface AgentLink {
  state(): AgentLinkState;
  /** Connections opened so far (a reconnect adds one). */
  connections(): number;
  /** Settles when the link stops: resolves after stop(), rejects with PermanentLinkError when refused. */
  done: Promise<void>;
  stop(): Promise<void>;
}

interface HeldCredential {
  credential: string;
  renewAt: number;
  expiresAt: number;
}

const quietLogger: AgentLinkLogger = { info: () => {}, warn: () => {} };

export function createAgentLink(options: AgentLinkOptions): AgentLink {
  const logger = options.logger ?? quietLogger;
  let state: AgentLinkState = 'starting';
  let connections = 0;
  let stopped = false;
  let socket: WebSocket | undefined;
  let held: HeldCredential | undefined;
  let wakeUp: (() => void) | undefined;

  async function identity(): Promise<AgentIdentity> {
    const saved = await options.identityStore.load();
    if (saved && saved.csocUrl === options.csocUrl) return saved;
    const joinToken = await options.readJoinToken();
    if (!joinToken)
      throw new PermanentLinkError(
        'no_join_token',
        'The agent has no identity and no join token; an org admin creates one with POST /api/v1/orgs/{org}/commons/{commons}/agent/join-token.',
      );
    const enrolled = await enrolAgent({ csocUrl: options.csocUrl, joinToken, version: options.version });
    await options.identityStore.save(enrolled);
    logger.info('enrolled with CSOC', { agentId: enrolled.agentId });
    return enrolled;
  }

  async function renew(me: AgentIdentity): Promise<HeldCredential> {
    const issued = await fetchCredential(me);
    const now = Date.now();
    const expiresAt = Date.parse(issued.expiresAt);
    held = { credential: issued.credential, expiresAt, renewAt: now + ((expiresAt - now) * 2) / 3 };
    return held;
  }

  async function credentialFor(me: AgentIdentity): Promise<string> {
    if (held && Date.now() < held.renewAt) return held.credential;
    return (await renew(me)).credential;
  }

  function open(credential: string): Promise<WebSocket> {
    const url = new URL(AGENT_CONNECT_PATH, options.csocUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url, {
      headers: {
        authorization: `Bearer ${credential}`,
        ...(options.version ? { [AGENT_VERSION_HEADER]: options.version } : {}),
      },
      maxPayload: MAX_FRAME_BYTES,
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_request, response) => {
        // 401: the credential was replaced or expired; the next attempt fetches a fresh one.
        if (response.statusCode === 401) held = undefined;
        reject(new Error(`CSOC refused the connection with HTTP ${response.statusCode}`));
        ws.terminate();
      });
      ws.once('error', reject);
    });
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function loop(): Promise<void> {
    let attempt = 0;
    while (!stopped) {
      try {
        const me = await identity();
        const credential = await credentialFor(me);
        if (stopped) break;
        socket = await open(credential);
        connections += 1;
        attempt = 0;
        state = 'connected';
        logger.info('connected to CSOC', { agentId: me.agentId });
        // Renew while connected, so the next dial has a fresh credential; a revoked agent learns it here too.
        const renewal = setTimeout(
          () => {
            renew(me).catch((error: unknown) => {
              if (error instanceof PermanentLinkError) socket?.close(1000, 'credential refused');
              logger.warn('could not renew the credential', { error: String(error) });
            });
          },
          Math.max(0, (held?.renewAt ?? Date.now()) - Date.now()),
        );
        const closed = await serveLinkConnection(socket, options.handlers, {
          heartbeatIntervalMs: options.heartbeatIntervalMs,
        });
        clearTimeout(renewal);
        socket = undefined;
        if (stopped) break;
        logger.warn('the connection to CSOC closed', closed);
        // CSOC closes a socket when the credential it was opened with expires: dial again with a fresh one
        // (this side's clock may disagree about whether the held one is still good).
        if (closed.code === LINK_CLOSE_CODES.revoked || closed.code === LINK_CLOSE_CODES.credentialExpired)
          held = undefined;
      } catch (error) {
        if (error instanceof PermanentLinkError) {
          if (error.code === 'agent_revoked' || error.code === 'invalid_agent_signature')
            await options.identityStore.clear();
          throw error;
        }
        logger.warn('could not reach CSOC', { error: String(error) });
      }
      if (stopped) break;
      state = 'waiting';
      await sleep(
        reconnectDelay(
          attempt++,
          Math.random,
          options.reconnectInitialDelayMs ?? RECONNECT_INITIAL_DELAY_MS,
          options.reconnectMaxDelayMs ?? RECONNECT_MAX_DELAY_MS,
        ),
      );
    }
  }

  const done = loop().finally(() => {
    state = 'stopped';
  });
  // The caller may never await `done`; its rejection is reported through it, not as unhandled.
  done.catch(() => {});

  return {
    state: () => state,
    connections: () => connections,
    done,
    async stop() {
      stopped = true;
      wakeUp?.();
      socket?.close(1000, 'agent stopping');
      await done.catch(() => {});
    },
  };
}
