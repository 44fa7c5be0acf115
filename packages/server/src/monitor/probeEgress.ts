// The status checks' HTTP client: undici connection pools, one per checked address (protocol, address,
// port and TLS name), behind the same PinnedEgress contract as http/pinnedEgress.ts. The probe loop sends
// ~1,700 requests a second at 5,000 commons; Node's http client (agent bookkeeping, per-request parser and
// socket writes) was most of that CPU (bench/README.md, ADR 0069), undici's pooled client costs less per
// request. What stays as it was: the caller resolves and checks the name first (pinEgressAddress: the SSRF
// guards), a connection only ever goes to the checked address with the original Host and TLS name (no
// second lookup to rebind), redirects are answers, bodies and time are bounded, and idle connections
// across all pools stay within a file descriptor budget.
import net from 'node:net';
import tls from 'node:tls';
import { buildConnector, Pool, type Dispatcher } from 'undici';
import {
  idleSocketBudget,
  type PinnedAddress,
  type PinnedEgress,
  type PinnedEgressStats,
  type PinnedRequest,
  type PinnedResponse,
} from '../http/pinnedEgress.ts';

export interface ProbeEgressOptions {
  /** Connections open at once to one checked address; more requests wait for one (within their timeout). */
  maxSocketsPerAddress?: number;
  /** How long an idle connection is kept (shorter when the server announces a shorter Keep-Alive timeout). */
  idleSocketMs?: number;
  /** Checked addresses with a pool; the least recently used idle pools close beyond this. */
  maxAddresses?: number;
  /**
   * Connections open across all pools before a finished request's connection closes instead of being kept:
   * each is a file descriptor held between rounds.
   */
  maxOpenSockets?: number;
  /** TCP and TLS handshake limit of a new connection. */
  connectTimeoutMs?: number;
  /** Certificate authorities trusted instead of the system's (tests with a local CA). */
  ca?: string | Buffer | Array<string | Buffer>;
}

/** The certificate a commons last presented: the input of the certificate-expiring alert. */
export interface PresentedCertificate {
  /** The certificate's notAfter, ISO 8601. */
  expiresAt: string;
  /** Whole days from now until then (negative once expired). */
  daysLeft: number;
}

/** Observes the connections the pools open, for the keep-alive test and the benchmark. */
export interface ProbeEgress extends PinnedEgress {
  stats(): PinnedEgressStats & { tlsSessionsResumed: number };
  /**
   * The leaf certificate `hostname` presented on its latest new TLS connection (a reused connection shows
   * the same one), or undefined before any. Read at no extra cost: every probe connection handshakes anyway.
   */
  certificateOf(hostname: string): PresentedCertificate | undefined;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** A request waiting for one of its pool's connections. */
interface Waiter {
  start(): void;
  /** It timed out while waiting: skipped when its turn comes. */
  cancelled: boolean;
}

/** One checked address's pool, and the requests waiting for a connection of it (at most `connections` run). */
interface Slots {
  pool: Pool;
  busy: number;
  waiting: Waiter[];
}

/** What a request that ran out of time fails with: the shape an aborted fetch has (AbortError, cause TimeoutError). */
function timeoutError(): Error {
  return Object.assign(new Error('The operation was aborted'), {
    name: 'AbortError',
    code: 'ABORT_ERR',
    cause: new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
  });
}

/** Raw header pairs as Node's http client would give them: lowercase names, repeated ones joined. */
function headersOf(raw: Buffer[] | string[] | null): PinnedResponse['headers'] {
  const headers: Record<string, string> = {};
  if (!raw) return headers;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index]!.toString().toLowerCase();
    const value = raw[index + 1]!.toString();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}

/** A reused connection the server closed as the request went out: the request never reached it. */
const staleConnection = (error: NodeJS.ErrnoException) =>
  error.code === 'UND_ERR_SOCKET' || error.code === 'ECONNRESET' || error.code === 'EPIPE';

/**
 * An undici pool per checked address.
 *
 * @example
 * const egress = createProbeEgress({ maxSocketsPerAddress: 8 });
 * const pinned = await pinEgressAddress(url.hostname, rule);
 * const { status } = await egress.request({ method: 'GET', url, pinned, timeoutMs: 5000 });
 */
export function createProbeEgress(options: ProbeEgressOptions = {}): ProbeEgress {
  const connections = options.maxSocketsPerAddress ?? 8;
  const idleSocketMs = options.idleSocketMs ?? 45_000;
  const maxAddresses = options.maxAddresses ?? 10_000;
  const maxOpenSockets = options.maxOpenSockets ?? Number.POSITIVE_INFINITY;
  // One connector for every pool: its TLS session cache (by TLS name) lets a new connection resume.
  const connector = buildConnector({
    timeout: options.connectTimeoutMs ?? 10_000,
    ...(options.ca ? { ca: options.ca } : {}),
  });
  // Insertion order is recency: a pool used again moves to the end.
  const pools = new Map<string, Slots>();
  let openSockets = 0;
  let connectionsOpened = 0;
  let tlsSessionsResumed = 0;
  let requests = 0;
  // notAfter per TLS name, as the latest handshake presented it; bounded like the pools.
  const certificateExpiry = new Map<string, number>();

  /** Connects to the checked address whatever the name resolves to now; TLS still verifies the name. */
  const pinnedConnector =
    (pinned: PinnedAddress): buildConnector.connector =>
    (connectOptions, callback) =>
      connector(
        {
          ...connectOptions,
          hostname: pinned.address,
          servername: net.isIP(pinned.hostname) ? undefined : pinned.hostname,
        },
        (error, socket) => {
          if (socket) {
            connectionsOpened++;
            openSockets++;
            if (socket instanceof tls.TLSSocket) noteCertificate(pinned.hostname, socket);
            socket.once('close', () => openSockets--);
          }
          if (error) callback(error, null);
          else callback(null, socket!);
        },
      );

  function noteCertificate(hostname: string, socket: tls.TLSSocket): void {
    if (socket.isSessionReused()) tlsSessionsResumed++;
    // A resumed session may not carry the certificate again; the one noted at the full handshake stands.
    const notAfter = Date.parse(socket.getPeerCertificate().valid_to ?? '');
    if (Number.isNaN(notAfter)) return;
    certificateExpiry.delete(hostname);
    certificateExpiry.set(hostname, notAfter);
    if (certificateExpiry.size > maxAddresses)
      certificateExpiry.delete(certificateExpiry.keys().next().value!);
  }

  function evictIdlePools(): void {
    for (const [key, slots] of pools) {
      if (pools.size <= maxAddresses) return;
      if (slots.busy > 0 || slots.waiting.length > 0) continue;
      pools.delete(key);
      void slots.pool.close().catch(() => undefined);
    }
  }

  function poolFor(url: URL, pinned: PinnedAddress): Slots {
    const key = `${url.protocol}//${pinned.address}|${url.port}|${pinned.hostname}`;
    let slots = pools.get(key);
    if (slots) pools.delete(key);
    else
      slots = {
        pool: new Pool(url.origin, {
          connections,
          pipelining: 1,
          keepAliveTimeout: idleSocketMs,
          keepAliveMaxTimeout: idleSocketMs,
          connect: pinnedConnector(pinned),
        }),
        busy: 0,
        waiting: [],
      };
    pools.set(key, slots);
    if (pools.size > maxAddresses) evictIdlePools();
    return slots;
  }

  /** Hands a freed connection slot to the next request still waiting for one. */
  function release(slots: Slots): void {
    slots.busy--;
    for (let waiter = slots.waiting.shift(); waiter; waiter = slots.waiting.shift())
      if (!waiter.cancelled) {
        slots.busy++;
        waiter.start();
        return;
      }
  }

  function attempt(request: PinnedRequest, deadlineAt: number): Promise<PinnedResponse> {
    const { url, pinned } = request;
    const limit = request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const remainingMs = Math.max(1, deadlineAt - performance.now());
    return new Promise((resolve, reject) => {
      let settled = false;
      let released = false;
      let abort: ((error?: Error) => void) | undefined;
      const slots = poolFor(url, pinned);
      const waiter: Waiter = { cancelled: false, start: () => dispatch() };
      const done = () => {
        if (released) return;
        released = true;
        release(slots);
      };
      let status = 0;
      let headers: PinnedResponse['headers'] = {};
      let connectedAt = performance.now();
      const chunks: Buffer[] = [];
      let size = 0;
      const answer = (truncated: boolean): PinnedResponse => ({
        status,
        headers,
        body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
        truncated,
        answerMs: performance.now() - connectedAt,
      });
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      // A plain timer rather than an AbortSignal (cheaper at this rate). A request still waiting for a slot
      // just leaves the queue; one still connecting is aborted as soon as it has its connection.
      const timer = setTimeout(() => {
        const error = timeoutError();
        waiter.cancelled = true;
        settle(() => reject(error));
        abort?.(error);
      }, remainingMs);
      timer.unref();
      const handler: Dispatcher.DispatchHandlers = {
        onConnect(abortRequest) {
          abort = abortRequest;
          connectedAt = performance.now();
          if (settled) abortRequest(timeoutError());
        },
        onHeaders(statusCode, rawHeaders) {
          status = statusCode;
          headers = headersOf(rawHeaders);
          return true;
        },
        onData(chunk) {
          if (settled) return false;
          if (size + chunk.length > limit) {
            chunks.push(chunk.subarray(0, limit - size));
            settle(() => resolve(answer(true)));
            // An unread rest would poison a reused connection: this one closes.
            abort?.(new Error('the answer is longer than the probe reads'));
            return false;
          }
          size += chunk.length;
          chunks.push(chunk);
          return true;
        },
        onComplete() {
          // Answered after undici marks the connection free again (a microtask later): a follow-up request
          // (the `/_version` after a `/_status`) then reuses it instead of opening one more.
          setImmediate(() => {
            done();
            settle(() => resolve(answer(false)));
          });
        },
        onError(error) {
          done();
          settle(() =>
            reject(
              status === 0 && request.method === 'GET' && staleConnection(error as NodeJS.ErrnoException)
                ? Object.assign(error, { retry: true })
                : error,
            ),
          );
        },
      };
      // Requests wait for a connection here, not in undici's queue: a request that timed out there would
      // be aborted once it reached a connection, and an abort destroys the connection.
      const dispatch = () =>
        slots.pool.dispatch(
          {
            origin: url.origin,
            method: request.method,
            path: request.path ?? `${url.pathname}${url.search}`,
            headers: request.headers,
            body: request.body,
            headersTimeout: remainingMs,
            bodyTimeout: remainingMs,
            // Beyond the descriptor budget a connection closes after its request instead of idling.
            reset: openSockets >= maxOpenSockets,
          },
          handler,
        );
      if (slots.busy < connections) {
        slots.busy++;
        dispatch();
      } else slots.waiting.push(waiter);
    });
  }

  return {
    async request(request) {
      requests++;
      const deadlineAt = performance.now() + request.timeoutMs;
      try {
        return await attempt(request, deadlineAt);
      } catch (error) {
        // A kept-alive connection the server closed just as it was reused: a GET is safe to send once more.
        if (!(error as { retry?: boolean }).retry || performance.now() >= deadlineAt) throw error;
        return attempt(request, deadlineAt);
      }
    },
    stats() {
      let idleSockets = 0;
      for (const slots of pools.values()) idleSockets += slots.pool.stats.free;
      return {
        addresses: pools.size,
        connectionsOpened,
        requests,
        openSockets,
        idleSockets,
        tlsSessionsResumed,
      };
    },
    certificateOf(hostname) {
      const notAfter = certificateExpiry.get(hostname);
      if (notAfter === undefined) return undefined;
      return {
        expiresAt: new Date(notAfter).toISOString(),
        daysLeft: Math.floor((notAfter - Date.now()) / 86_400_000),
      };
    },
    close() {
      for (const slots of pools.values()) void slots.pool.destroy().catch(() => undefined);
      pools.clear();
    },
  };
}

let shared: ProbeEgress | undefined;

/**
 * The process's status-check pools: up to 64 connections per checked address, more than the probe loop
 * asks of one commons (ROUND_CONNECTIONS, startProbeScheduler.ts), so commons sharing an address (the
 * simulator serves them all from one) rarely wait for one; connections kept open across the fleet stay
 * within idleSocketBudget() (ADR 0042, 0048).
 */
export function sharedProbeEgress(): ProbeEgress {
  return (shared ??= createProbeEgress({ maxSocketsPerAddress: 64, maxOpenSockets: idleSocketBudget() }));
}
