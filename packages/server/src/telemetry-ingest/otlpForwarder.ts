// Forwards accepted OTLP requests, byte for byte (same Content-Type and Content-Encoding), to the org's
// own OTLP endpoint, through the durable outbox (otlpForwardOutbox.ts, ADR 0052): ingest stores the
// request and answers; every CSOC process polls the outbox, claims due requests with a lease and sends
// them, so a restart loses nothing and two replicas never send one request at the same time. A network
// error, 429 or 5xx is retried with backoff until it goes through or the org's backlog bound (bytes, age)
// drops it; another 4xx or a refused destination fails it. Requests go out through http/pinnedEgress.ts:
// the destination's addresses are checked, connections kept alive.
import type { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import { backoffDelayMs } from '../alerts/alertOutbox.ts';
import { openBlob } from '../credentials/sealBlob.ts';
import type { Vault } from '../credentials/createVault.ts';
import { fromSealedColumns } from '../credentials/sealedColumns.ts';
import type { Database } from '../db/schema.ts';
import {
  EgressRefusedError,
  EgressUnresolvedError,
  pinEgressAddress,
  sharedPinnedEgress,
  type EgressResolver,
  type PinnedEgress,
} from '../http/pinnedEgress.ts';
import type { Metrics } from '../telemetry/createMetrics.ts';
import type { OtlpSignal } from './decodeOtlpBody.ts';
import { forwardMetricsOf, type ForwardMetrics } from './forwardMetrics.ts';
import {
  claimDueForwards,
  countForwardOutcome,
  enqueueForward,
  finishForward,
  forwardBacklogOf,
  noteForwardError,
  trimForwardBacklog,
  type ClaimedForward,
  type ForwardPayload,
} from './otlpForwardOutbox.ts';

export const FORWARD_ALLOWED_SETTING = 'CSOC_TELEMETRY_FORWARD_ALLOWED_CIDRS';

/** The sealed headers of an org's destination are bound to this record name. */
export const forwarderBinding = (orgId: string) => `telemetry-forwarder:${orgId}`;

export interface OtlpForwarderOptions {
  db: Kysely<Database>;
  vault: Vault;
  allowedCidrs: readonly string[];
  /** Bytes (as received) one org's backlog may hold; the oldest beyond are dropped and counted. */
  maxBacklogBytes: number;
  /** Age after which a request not yet forwarded is dropped and counted. */
  maxBacklogAgeMs: number;
  logger?: Logger;
  metrics?: Metrics;
  /** Names this process in leases; host, pid and a random suffix by default. */
  owner?: string;
  /** How often the outbox is polled when nothing was enqueued here (another replica's requests). */
  pollMs?: number;
  /** Longer than a send can take (timeoutMs), so a live holder never loses its request. */
  leaseMs?: number;
  /** Requests claimed per poll. */
  batchSize?: number;
  /** Requests sent at once. */
  concurrency?: number;
  timeoutMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** How often the backlog bound is applied. */
  trimEveryMs?: number;
  /** How long a destination read from the database is reused. */
  destinationCacheMs?: number;
  resolve?: EgressResolver;
  /** The connection pool; the process's shared one by default. */
  pool?: PinnedEgress;
}

interface Destination {
  endpoint: URL;
  headers: Record<string, string>;
}

export interface OtlpForwarder {
  owner: string;
  /** Stores a copy of an accepted request when the org forwards (durable once this resolves). */
  enqueue(payload: ForwardPayload): Promise<void>;
  /** Forget cached destinations of an org (its settings changed). */
  invalidate(orgId: string): void;
  /** Runs one poll now: applies the bound, sends what is due; resolves with how many it claimed. */
  tick(): Promise<number>;
  /** Stops polling and waits for the sends in flight (what is left stays in the outbox). */
  close(): Promise<void>;
}

/** Refuses a destination host the egress rule does not allow; returns the address to connect to. */
export async function pinForwardAddress(
  hostname: string,
  allowedCidrs: readonly string[],
  resolve?: EgressResolver,
): Promise<{ address: string; family: 4 | 6 }> {
  const { address, family } = await pinEgressAddress(hostname, {
    allowedCidrs,
    refusal: `telemetry is not forwarded to internal addresses unless ${FORWARD_ALLOWED_SETTING} lists them`,
    resolve,
  });
  return { address, family };
}

/** The URL a signal is forwarded to: the base endpoint with /v1/<signal> appended, as OTLP exporters do. */
export function forwardUrlOf(endpoint: URL, signal: OtlpSignal): URL {
  const base = endpoint.href.replace(/\/+$/, '');
  return new URL(`${base}/v1/${signal}`);
}

/** The destination's answer body is not read: only enough to reuse the connection. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** Posts one OTLP request, as received, to `url` through the pinned egress; resolves with the status. */
export async function postBytes(
  url: URL,
  job: ForwardPayload,
  headers: Record<string, string>,
  options: Required<Pick<OtlpForwarderOptions, 'allowedCidrs' | 'timeoutMs'>> &
    Pick<OtlpForwarderOptions, 'resolve' | 'pool'>,
): Promise<number> {
  const pinned = await pinForwardAddress(url.hostname, options.allowedCidrs, options.resolve);
  const response = await (options.pool ?? sharedPinnedEgress('delivery')).request({
    method: 'POST',
    url,
    pinned: { hostname: url.hostname.replace(/^\[|\]$/g, ''), ...pinned },
    headers: {
      ...headers,
      'content-type': job.contentType,
      ...(job.contentEncoding ? { 'content-encoding': job.contentEncoding } : {}),
    },
    body: job.body,
    timeoutMs: options.timeoutMs,
    maxBodyBytes: MAX_ANSWER_BYTES,
  });
  return response.status;
}

export function createOtlpForwarder(options: OtlpForwarderOptions): OtlpForwarder {
  const owner = options.owner ?? `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const pollMs = options.pollMs ?? 2000;
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 32;
  const concurrency = options.concurrency ?? 4;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const backoffBaseMs = options.backoffBaseMs ?? 1000;
  const backoffMaxMs = options.backoffMaxMs ?? 5 * 60_000;
  const trimEveryMs = options.trimEveryMs ?? 5000;
  const cacheMs = options.destinationCacheMs ?? 10_000;
  const bound = { maxBytes: options.maxBacklogBytes, maxAgeMs: options.maxBacklogAgeMs };
  const { db } = options;
  const metrics: ForwardMetrics | undefined = options.metrics ? forwardMetricsOf(options.metrics) : undefined;
  const destinations = new Map<string, { at: number; destination: Promise<Destination | undefined> }>();
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let trimmedAt = 0;
  const forwardedThisPoll = new Map<string, number>();

  async function loadDestination(orgId: string): Promise<Destination | undefined> {
    const row = await db
      .selectFrom('telemetry_forwarders')
      .selectAll()
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    if (!row || row.enabled !== 1) return undefined;
    const headers = JSON.parse(
      (await openBlob(options.vault, forwarderBinding(orgId), fromSealedColumns(row))).toString('utf8'),
    ) as Record<string, string>;
    return { endpoint: new URL(row.endpoint), headers };
  }

  /** The org's destination, undefined when it forwards nowhere; rejects when it could not be read. */
  function destinationOf(orgId: string): Promise<Destination | undefined> {
    const cached = destinations.get(orgId);
    if (cached && Date.now() - cached.at < cacheMs) return cached.destination;
    const destination = loadDestination(orgId);
    destinations.set(orgId, { at: Date.now(), destination });
    // A failed read is not remembered: the next request reads again.
    destination.catch(() => destinations.delete(orgId));
    return destination;
  }

  async function count(
    orgId: string,
    outcome: 'forwarded' | 'failed' | 'dropped',
    n: number,
    error?: string,
  ) {
    metrics?.outcomes.inc({ outcome }, n);
    await countForwardOutcome(db, orgId, outcome, n, error);
  }

  /** One attempt: the status on an answer, or an error message. */
  async function attempt(claimed: ClaimedForward, destination: Destination) {
    try {
      const status = await postBytes(
        forwardUrlOf(destination.endpoint, claimed.signal),
        claimed,
        destination.headers,
        {
          allowedCidrs: options.allowedCidrs,
          timeoutMs,
          resolve: options.resolve,
          pool: options.pool,
        },
      );
      if (status >= 200 && status < 300) return { outcome: 'forwarded' as const };
      // 429 and 5xx may pass later; another 4xx will not.
      const retryable = status === 429 || status >= 500;
      return {
        outcome: retryable ? ('retry' as const) : ('failed' as const),
        error: `the destination answered HTTP ${status}`,
      };
    } catch (error) {
      // A refusal or a name without an address says so; a network failure names only its cause.
      const named =
        error instanceof EgressRefusedError || (error instanceof EgressUnresolvedError && !error.code);
      const message = named
        ? (error as Error).message
        : `could not reach the destination (${(error as NodeJS.ErrnoException).code ?? (error as Error).name})`;
      return {
        outcome: error instanceof EgressRefusedError ? ('failed' as const) : ('retry' as const),
        error: message,
      };
    }
  }

  async function send(claimed: ClaimedForward): Promise<void> {
    let destination: Destination | undefined;
    try {
      destination = await destinationOf(claimed.orgId);
    } catch (error) {
      // Unreadable (the database failed, or the vault cannot open the headers): keep it and try later. The
      // cause goes to the log only: the org's settings show what happened, never an internal message.
      options.logger?.warn(
        { err: error, orgId: claimed.orgId },
        'could not read an OTLP forwarding destination',
      );
      return retry(claimed, 'could not read the forwarding destination (CSOC failed; see its log)');
    }
    // Forwarding was turned off or removed since: nothing to send it to.
    if (!destination) return void (await finishForward(db, claimed, { kind: 'done' }));
    const result = await attempt(claimed, destination);
    if (result.outcome === 'retry') return retry(claimed, result.error);
    // Counted only by the holder that ended it: a request sent twice (lease lost) counts once.
    if (!(await finishForward(db, claimed, { kind: 'done' }))) return;
    // Deliveries are counted once per poll and org (one update, not one per request).
    if (result.outcome === 'forwarded')
      return void forwardedThisPoll.set(claimed.orgId, (forwardedThisPoll.get(claimed.orgId) ?? 0) + 1);
    return count(claimed.orgId, 'failed', 1, `${claimed.signal}: ${result.error}`);
  }

  async function retry(claimed: ClaimedForward, error: string): Promise<void> {
    const retryAt = new Date(Date.now() + backoffDelayMs(claimed.row.attempts, backoffBaseMs, backoffMaxMs));
    await finishForward(db, claimed, { kind: 'retry', retryAt });
    await noteForwardError(db, claimed.orgId, `${claimed.signal}: ${error}`);
  }

  async function trimWhenDue(): Promise<void> {
    if (Date.now() - trimmedAt < trimEveryMs) return;
    trimmedAt = Date.now();
    const dropped = await trimForwardBacklog(db, bound);
    for (const [orgId, n] of dropped)
      await count(
        orgId,
        'dropped',
        n,
        `${n} requests dropped: the backlog exceeded ${bound.maxBytes} bytes or ${Math.round(bound.maxAgeMs / 60_000)} minutes`,
      );
    if (metrics) {
      const backlog = await forwardBacklogOf(db);
      metrics.backlogBytes.set(backlog.bytes);
      metrics.backlogRequests.set(backlog.requests);
    }
  }

  async function pollOnce(): Promise<number> {
    await trimWhenDue();
    const claimed = await claimDueForwards(db, owner, leaseMs, batchSize);
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) await send(claimed[next++]!);
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
    } finally {
      for (const [orgId, n] of forwardedThisPoll) await count(orgId, 'forwarded', n);
      forwardedThisPoll.clear();
    }
    return claimed.length;
  }

  function tick(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = pollOnce()
      .catch((error: unknown) => {
        options.logger?.error({ err: error }, 'OTLP forwarding poll failed; retrying at the next poll');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  // A full batch, or an enqueue during the poll, means more is due: poll again at once.
  function schedule(delayMs: number): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      again = false;
      void tick().then((claimed) => schedule(claimed >= batchSize || again ? 0 : pollMs));
    }, delayMs);
    timer.unref();
  }
  schedule(pollMs);

  return {
    owner,
    async enqueue(payload) {
      if (closed) return;
      // Stored when the org forwards, and when that could not be read (the sender decides later).
      const forwards = await destinationOf(payload.orgId).then(
        (destination) => destination !== undefined,
        () => true,
      );
      if (!forwards) return;
      await enqueueForward(db, payload);
      if (running) again = true;
      else schedule(0);
    },
    invalidate(orgId) {
      destinations.delete(orgId);
    },
    tick,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
