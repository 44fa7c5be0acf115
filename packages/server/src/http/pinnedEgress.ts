// The one way out for HTTP requests CSOC makes on a tenant's behalf (status checks, alert channels, telemetry
// forwarding): resolve the name once, refuse it when any address is internal and not allowed (SSRF), then
// connect to the address that was checked with the original Host and TLS name (no second lookup to
// rebind), never following a redirect. Connections are kept alive per checked address (ADR 0042), so a
// fleet probed every 30 s does not pay a TCP and TLS handshake per request; sockets, time and bodies are
// bounded.
import dns from 'node:dns/promises';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { egressAddressProblem } from './egressAddressProblem.ts';

/** All addresses of a name (the system resolver by default; tests pass their own). */
export type EgressResolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export interface RefusedAddress {
  /** The name as given (brackets of an IPv6 literal removed). */
  hostname: string;
  address: string;
  /** What the address is, e.g. 'a loopback address'. */
  problem: string;
}

/** Who may reach what: the allow-list of one kind of egress and how its refusals read. */
export interface EgressRule {
  /** Internal CIDRs this kind of request may reach anyway (an operator's CSOC_*_ALLOWED_CIDRS). */
  allowedCidrs: readonly string[];
  /**
   * The refusal's end, naming the setting that allows the address, e.g. 'alert channels do not reach
   * internal addresses unless CSOC_ALERT_ALLOWED_CIDRS lists them'.
   */
  refusal: string;
  /** How a refusal names the address and its problem; `<name> resolves to <address>, which is <problem>` by default. */
  describeRefused?: (refused: RefusedAddress) => string;
  resolve?: EgressResolver;
}

export interface PinnedAddress {
  hostname: string;
  address: string;
  family: 4 | 6;
}

/** A destination the egress rule refuses: not worth retrying; the message names the address and the fix. */
export class EgressRefusedError extends Error {
  readonly refused: RefusedAddress;
  constructor(message: string, refused: RefusedAddress) {
    super(message);
    this.name = 'EgressRefusedError';
    this.refused = refused;
  }
}

/** A name with no address: `<name> does not resolve (ENOTFOUND)` or `<name> has no address in DNS`. */
export class EgressUnresolvedError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = 'EgressUnresolvedError';
    this.code = code;
  }
}

const systemResolve: EgressResolver = (name) => dns.lookup(name, { all: true, verbatim: true });

const defaultDescription = ({ hostname, address, problem }: RefusedAddress) =>
  `${hostname === address ? hostname : `${hostname} resolves to ${address}, which`} is ${problem}`;

/**
 * Resolves `hostname` and checks every address it has (a request must not depend on which one DNS hands
 * out); returns the first, to connect to. Throws EgressRefusedError or EgressUnresolvedError.
 *
 * @example
 * const pinned = await pinEgressAddress('hooks.example.org', { allowedCidrs: [], refusal: 'webhooks do not reach internal addresses' });
 * // { hostname: 'hooks.example.org', address: '93.184.215.14', family: 4 }
 */
export async function pinEgressAddress(
  hostname: string,
  rule: EgressRule,
  options: { trusted?: boolean } = {},
): Promise<PinnedAddress> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  let found: Array<{ address: string; family: number }>;
  if (net.isIP(bare)) found = [{ address: bare, family: net.isIPv6(bare) ? 6 : 4 }];
  else {
    try {
      found = await (rule.resolve ?? systemResolve)(bare);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new EgressUnresolvedError(`${bare} does not resolve (${code ?? 'DNS error'})`, code);
    }
  }
  if (!options.trusted)
    for (const candidate of found) {
      const problem = egressAddressProblem(candidate.address, rule.allowedCidrs);
      if (!problem) continue;
      const refused = { hostname: bare, address: candidate.address, problem };
      throw new EgressRefusedError(
        `${(rule.describeRefused ?? defaultDescription)(refused)}; ${rule.refusal}`,
        refused,
      );
    }
  if (!found[0]) throw new EgressUnresolvedError(`${bare} has no address in DNS`);
  return { hostname: bare, address: found[0].address, family: found[0].family === 6 ? 6 : 4 };
}

export interface PinnedRequest {
  method: 'GET' | 'POST';
  url: URL;
  /** The request path with its query; `url`'s by default. */
  path?: string;
  /** From pinEgressAddress for `url.hostname`. */
  pinned: PinnedAddress;

  headers?: Record<string, string>;
  body?: Buffer | string;
  /** The whole request: waiting for a connection, connecting, the answer and its body. */
  timeoutMs: number;
  /** The most of the body kept; a longer answer is cut (truncated) and its connection closed. Default 64 KiB. */
  maxBodyBytes?: number;
}

export interface PinnedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body was longer than maxBodyBytes, or the connection ended before it did. */
  truncated: boolean;
  /** From the moment a connection was this request's (connecting included) to the end of the answer. */
  answerMs: number;
}

export interface PinnedEgressOptions {
  /** Connections open at once to one checked address; more requests wait for one (within their timeout). */
  maxSocketsPerAddress?: number;
  /** Idle connections kept per checked address. */
  maxIdleSocketsPerAddress?: number;
  /** How long an idle connection is kept (shorter when the server announces a shorter Keep-Alive timeout). */
  idleSocketMs?: number;
  /** Checked addresses with a connection pool; the least recently used idle pools go first beyond this. */
  maxAddresses?: number;
  /**
   * Idle connections kept across all addresses; a connection freed beyond this closes (the next request
   * to its address opens a new one). Each is a file descriptor held between requests.
   */
  maxIdleSockets?: number;
}

export interface PinnedEgressStats {
  /** Checked addresses with a pool. */
  addresses: number;
  /** Connections opened since creation (a reused one is not counted again). */
  connectionsOpened: number;
  requests: number;
  /** Connections open now, busy or idle. */
  openSockets: number;
  /** Of those, idle ones kept for reuse. */
  idleSockets: number;
}

export interface PinnedEgress {
  /** One request to the pinned address; TLS verifies `url.hostname`; redirects are answers, not followed. */
  request(request: PinnedRequest): Promise<PinnedResponse>;
  stats(): PinnedEgressStats;
  /** Closes every pooled connection (tests, shutdown); later requests open new ones. */
  close(): void;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** What a request that ran out of time fails with: the shape an aborted fetch has (AbortError, cause TimeoutError). */
function timeoutError(): Error {
  return Object.assign(new Error('The operation was aborted'), {
    name: 'AbortError',
    code: 'ABORT_ERR',
    cause: new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
  });
}

function countSockets(record: NodeJS.ReadOnlyDict<unknown[]>): number {
  let total = 0;
  for (const list of Object.values(record)) total += list?.length ?? 0;
  return total;
}

/**
 * A pool of keep-alive connections per checked address (protocol, address, port and TLS name): a reused
 * connection goes to the address that was checked when it was opened, never to another one the name
 * resolves to later.
 *
 * @example
 * const egress = createPinnedEgress({ maxSocketsPerAddress: 8 });
 * const pinned = await pinEgressAddress(url.hostname, rule);
 * const { status, body } = await egress.request({ method: 'GET', url, pinned, timeoutMs: 5000 });
 */
export function createPinnedEgress(options: PinnedEgressOptions = {}): PinnedEgress {
  const maxSockets = options.maxSocketsPerAddress ?? 8;
  const maxFreeSockets = options.maxIdleSocketsPerAddress ?? 2;
  const idleSocketMs = options.idleSocketMs ?? 45_000;
  const maxAddresses = options.maxAddresses ?? 10_000;
  const maxIdleSockets = options.maxIdleSockets ?? Number.POSITIVE_INFINITY;
  // Idle sockets of every pool, counted as the agents keep and hand them out (counting them on demand
  // would walk thousands of pools): a socket counts from being kept until reused or closed.
  let idleSockets = 0;
  const counted = new WeakSet<object>();
  const uncount = (socket: object) => {
    if (counted.delete(socket)) idleSockets--;
  };
  // Insertion order is recency: a pool used again moves to the end.
  const agents = new Map<string, http.Agent>();
  let connectionsOpened = 0;
  let requests = 0;
  // A socket handed from one request to a queued one is not flagged `reusedSocket`: count sockets seen.
  const seenSockets = new WeakSet<object>();

  function evictIdlePools(): void {
    for (const [key, agent] of agents) {
      if (agents.size <= maxAddresses) return;
      if (countSockets(agent.sockets) > 0 || countSockets(agent.requests) > 0) continue;
      agent.destroy();
      agents.delete(key);
    }
  }

  /** The agent keeps a freed socket only within the idle budget; the count follows it until it leaves. */
  function budgetIdleSockets(agent: http.Agent): void {
    // Node keeps a freed socket when keepSocketAlive returns true (its typings say void).
    const keep = agent.keepSocketAlive.bind(agent) as (socket: unknown) => boolean;
    const reuse = agent.reuseSocket.bind(agent);
    agent.keepSocketAlive = (socket) => {
      if (idleSockets >= maxIdleSockets || !keep(socket)) return false;
      if (!counted.has(socket)) {
        counted.add(socket);
        idleSockets++;
        if (!socketsWatched.has(socket)) {
          socketsWatched.add(socket);
          socket.once('close', () => uncount(socket));
        }
      }
      return true;
    };
    agent.reuseSocket = (socket, request) => {
      uncount(socket);
      reuse(socket, request);
    };
  }
  const socketsWatched = new WeakSet<object>();

  function agentFor(url: URL, pinned: PinnedAddress): http.Agent {
    const key = `${url.protocol}//${pinned.address}|${url.port}|${pinned.hostname}`;
    let agent = agents.get(key);
    if (agent) agents.delete(key);
    else {
      const settings = {
        keepAlive: true,
        maxSockets,
        maxFreeSockets,
        timeout: idleSocketMs,
        scheduling: 'lifo' as const,
      };
      agent = url.protocol === 'https:' ? new https.Agent(settings) : new http.Agent(settings);
      budgetIdleSockets(agent);
    }
    agents.set(key, agent);
    if (agents.size > maxAddresses) evictIdlePools();
    return agent;
  }

  function attempt(
    request: PinnedRequest,
    deadlineAt: number,
  ): Promise<PinnedResponse & { retry?: boolean }> {
    const { url, pinned } = request;
    const client = url.protocol === 'https:' ? https : http;
    const limit = request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    return new Promise((resolve, reject) => {
      let settled = false;
      let timedOut = false;
      let socketAt = performance.now();
      // eslint-disable-next-line prefer-const -- assigned once the request exists, used by settle
      let timer: NodeJS.Timeout | undefined;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const outgoing = client.request(
        {
          protocol: url.protocol,
          host: pinned.hostname,
          port: url.port || undefined,
          path: request.path ?? `${url.pathname}${url.search}`,
          method: request.method,
          headers: {
            ...request.headers,
            host: url.host,
            ...(body ? { 'content-length': String(body.length) } : {}),
          },
          // The connection goes to the checked address whatever the name resolves to now.
          lookup: (_name, lookupOptions, callback) => {
            if ((lookupOptions as { all?: boolean }).all)
              callback(null, [{ address: pinned.address, family: pinned.family }] as never);
            else callback(null, pinned.address, pinned.family);
          },
          ...(net.isIP(pinned.hostname) ? {} : { servername: pinned.hostname }),
          agent: agentFor(url, pinned),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const answer = (truncated: boolean) => ({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
            truncated,
            answerMs: performance.now() - socketAt,
          });
          response.on('data', (chunk: Buffer) => {
            if (settled) return;
            if (size + chunk.length > limit) {
              chunks.push(chunk.subarray(0, limit - size));
              settle(() => resolve(answer(true)));
              // An unread rest would poison a reused connection: this one closes.
              response.destroy();
              return;
            }
            size += chunk.length;
            chunks.push(chunk);
          });
          response.on('end', () => settle(() => resolve(answer(false))));
          response.on('error', (error) => settle(() => reject(error)));
          response.on('close', () => settle(() => resolve(answer(true))));
        },
      );
      outgoing.on('socket', (socket) => {
        socketAt = performance.now();
        if (!seenSockets.has(socket)) {
          seenSockets.add(socket);
          connectionsOpened++;
        }
      });
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive connection the server closed just as it was reused: the request never reached it,
        // so one more try on a fresh connection is safe (Node's documented pattern).
        const stale = outgoing.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
        settle(() =>
          stale && !timedOut
            ? resolve({
                status: 0,
                headers: {},
                body: Buffer.alloc(0),
                truncated: false,
                answerMs: 0,
                retry: true,
              })
            : reject(error),
        );
      });
      // A plain timer rather than an AbortSignal: at 1,700 requests a second the signal's listeners (and
      // AbortSignal.timeout's exception, built even after a request ended) showed in the profile.
      timer = setTimeout(
        () => {
          timedOut = true;
          const error = timeoutError();
          settle(() => reject(error));
          outgoing.destroy(error);
        },
        Math.max(0, deadlineAt - performance.now()),
      );
      timer.unref();
      outgoing.end(body);
    });
  }

  return {
    async request(request) {
      requests++;
      const deadlineAt = performance.now() + request.timeoutMs;
      let response = await attempt(request, deadlineAt);
      if (response.retry) response = await attempt(request, deadlineAt);
      if (response.retry) throw Object.assign(new Error('the connection was reset'), { code: 'ECONNRESET' });
      return response;
    },
    stats() {
      let openSockets = 0;
      for (const agent of agents.values())
        openSockets += countSockets(agent.sockets) + countSockets(agent.freeSockets);
      return { addresses: agents.size, connectionsOpened, requests, openSockets, idleSockets };
    },
    close() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}

/**
 * Idle connections a shared pool may keep: half the process's file descriptor limit (Linux's soft limit,
 * from /proc/self/limits; 8,192 assumed elsewhere), at most 32,768, so connections kept for reuse never
 * starve the database, the API or runs of descriptors. Exported for its test.
 */
export function idleSocketBudget(limits = readProcessLimits()): number {
  const soft = /^Max open files\s+(\d+|unlimited)/m.exec(limits)?.[1];
  const descriptors = soft === undefined ? 8192 : soft === 'unlimited' ? Infinity : Number(soft);
  return Math.max(64, Math.min(32_768, Math.floor(descriptors / 2)));
}

function readProcessLimits(): string {
  try {
    return fs.readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return '';
  }
}

/**
 * The process's pools. `probes`, for status checks: up to 64 connections per checked address, more than
 * the probe loop asks of one commons (its round uses at most ROUND_CONNECTIONS, startProbeScheduler.ts),
 * so commons sharing an address (the simulator serves them all from one) rarely wait for one; idle ones
 * are kept between rounds within idleSocketBudget() for the whole fleet (ADR 0042, 0048: 5,000 commons of
 * their own name kept ~70,000 before rounds were narrowed, more than a process may open). `delivery`, for
 * alert channels and telemetry forwarding: 8 per destination, 2 kept, 1,024 in all. Idle connections are
 * unreferenced, so a pool never keeps a process alive.
 */
const SHARED_POOLS = {
  probes: () => ({
    maxSocketsPerAddress: 64,
    maxIdleSocketsPerAddress: 64,
    maxIdleSockets: idleSocketBudget(),
  }),
  delivery: () => ({ maxSocketsPerAddress: 8, maxIdleSocketsPerAddress: 2, maxIdleSockets: 1024 }),
} satisfies Record<string, () => PinnedEgressOptions>;
const shared = new Map<keyof typeof SHARED_POOLS, PinnedEgress>();

export function sharedPinnedEgress(purpose: keyof typeof SHARED_POOLS): PinnedEgress {
  let pool = shared.get(purpose);
  if (!pool) shared.set(purpose, (pool = createPinnedEgress(SHARED_POOLS[purpose]())));
  return pool;
}
