// Forwards accepted OTLP requests, byte for byte (same Content-Type and Content-Encoding), to the org's
// own OTLP endpoint. Ingest only enqueues: a bounded in-memory queue per process is drained by a few
// senders, so a slow or dead backend never slows a commons' agent. Each request gets one retry on a
// network error, 429 or 5xx, then counts as failed; a full queue drops and counts (ADR 0038). Requests go
// out through http/pinnedEgress.ts: the destination's addresses are checked, connections kept alive.
import type { Kysely } from 'kysely';
import { openBlob } from '../credentials/sealBlob.ts';
import type { Vault } from '../credentials/createVault.ts';
import { fromSealedColumns } from '../credentials/sealedColumns.ts';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../db/schema.ts';
import {
  EgressRefusedError,
  EgressUnresolvedError,
  pinEgressAddress,
  sharedPinnedEgress,
  type EgressResolver,
  type PinnedEgress,
} from '../http/pinnedEgress.ts';
import type { OtlpSignal } from './decodeOtlpBody.ts';

export const FORWARD_ALLOWED_SETTING = 'CSOC_TELEMETRY_FORWARD_ALLOWED_CIDRS';

/** The sealed headers of an org's destination are bound to this record name. */
export const forwarderBinding = (orgId: string) => `telemetry-forwarder:${orgId}`;

export interface OtlpForwarderOptions {
  db: Kysely<Database>;
  vault: Vault;
  allowedCidrs: readonly string[];
  /** Requests waiting at most (all orgs); more are dropped. */
  maxQueued?: number;
  /** Requests sent at once. */
  concurrency?: number;
  timeoutMs?: number;
  retryDelayMs?: number;
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

interface Job {
  orgId: string;
  signal: OtlpSignal;
  body: Buffer;
  contentType: string;
  contentEncoding?: string;
}

export interface OtlpForwarder {
  /** Queues a copy of an accepted request when the org forwards; never waits on the network. */
  enqueue(job: Job): void;
  /** Forget cached destinations of an org (its settings changed). */
  invalidate(orgId: string): void;
  /** Waits until the queue is empty and nothing is in flight (tests, shutdown). */
  drain(timeoutMs?: number): Promise<void>;
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

async function postBytes(
  url: URL,
  job: Job,
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
  const maxQueued = options.maxQueued ?? 1000;
  const concurrency = options.concurrency ?? 4;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const cacheMs = options.destinationCacheMs ?? 10_000;
  const queue: Job[] = [];
  const destinations = new Map<string, { at: number; destination: Promise<Destination | undefined> }>();
  let inFlight = 0;
  let closed = false;
  const idleWaiters = new Set<() => void>();

  async function loadDestination(orgId: string): Promise<Destination | undefined> {
    const row = await options.db
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

  function destinationOf(orgId: string): Promise<Destination | undefined> {
    const cached = destinations.get(orgId);
    if (cached && Date.now() - cached.at < cacheMs) return cached.destination;
    const destination = loadDestination(orgId).catch(() => undefined);
    destinations.set(orgId, { at: Date.now(), destination });
    return destination;
  }

  async function count(orgId: string, outcome: 'forwarded' | 'failed' | 'dropped', error?: string) {
    await options.db
      .updateTable('telemetry_forwarders')
      .set((eb) => ({
        [outcome]: eb(outcome, '+', 1),
        ...(error ? { last_error: error.slice(0, 500), last_error_at: nowIso() } : {}),
      }))
      .where('org_id', '=', orgId)
      .execute()
      .catch(() => undefined);
  }

  async function send(job: Job): Promise<void> {
    const destination = await destinationOf(job.orgId);
    if (!destination) return;
    const url = forwardUrlOf(destination.endpoint, job.signal);
    let lastError = '';
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, retryDelayMs).unref());
      try {
        const status = await postBytes(url, job, destination.headers, {
          allowedCidrs: options.allowedCidrs,
          timeoutMs,
          resolve: options.resolve,
          pool: options.pool,
        });
        if (status >= 200 && status < 300) return count(job.orgId, 'forwarded');
        lastError = `the destination answered HTTP ${status}`;
        // Only 429 and 5xx may pass on a second try; another 4xx will not.
        if (status !== 429 && status < 500) break;
      } catch (error) {
        // A refusal or a name without an address says so; a network failure names only its cause.
        const named =
          error instanceof EgressRefusedError || (error instanceof EgressUnresolvedError && !error.code);
        lastError = named
          ? (error as Error).message
          : `could not reach the destination (${(error as NodeJS.ErrnoException).code ?? (error as Error).name})`;
        if (error instanceof EgressRefusedError) break;
      }
    }
    await count(job.orgId, 'failed', `${job.signal}: ${lastError}`);
  }

  function pump(): void {
    while (!closed && inFlight < concurrency && queue.length) {
      const job = queue.shift()!;
      inFlight += 1;
      void send(job).finally(() => {
        inFlight -= 1;
        pump();
        if (!inFlight && !queue.length) for (const wake of idleWaiters) wake();
      });
    }
  }

  return {
    enqueue(job) {
      if (closed) return;
      void destinationOf(job.orgId).then((destination) => {
        if (!destination) return;
        if (queue.length >= maxQueued) return void count(job.orgId, 'dropped');
        queue.push(job);
        pump();
      });
    },
    invalidate(orgId) {
      destinations.delete(orgId);
    },
    async drain(drainTimeoutMs = 30_000) {
      if (!inFlight && !queue.length) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, drainTimeoutMs);
        timer.unref();
        function done() {
          clearTimeout(timer);
          idleWaiters.delete(done);
          resolve();
        }
        idleWaiters.add(done);
      });
    },
    async close() {
      closed = true;
      queue.length = 0;
      await this.drain(timeoutMs);
    },
  };
}
