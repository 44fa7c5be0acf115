// Forwards accepted OTLP requests, byte for byte (same Content-Type and Content-Encoding), to the org's
// own OTLP endpoint. Ingest only enqueues: a bounded in-memory queue per process is drained by a few
// senders, so a slow or dead backend never slows a commons' agent. Each request gets one retry on a
// network error, 429 or 5xx, then counts as failed; a full queue drops and counts (ADR 0038).
import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Kysely } from 'kysely';
import { openBlob } from '../credentials/sealBlob.ts';
import type { Vault } from '../credentials/createVault.ts';
import { fromSealedColumns } from '../credentials/sealedColumns.ts';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../db/schema.ts';
import { probeAddressProblem } from '../gitops/deploys/probeGen3Status.ts';
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
  resolve?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
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
  resolve: OtlpForwarderOptions['resolve'] = (name) => dns.lookup(name, { all: true, verbatim: true }),
): Promise<{ address: string; family: 4 | 6 }> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const found = net.isIP(bare) ? [{ address: bare, family: net.isIPv6(bare) ? 6 : 4 }] : await resolve(bare);
  if (found.length === 0) throw new Error(`${bare} has no address in DNS`);
  for (const candidate of found) {
    const problem = probeAddressProblem(candidate.address, allowedCidrs);
    if (problem)
      throw new Error(
        `${bare === candidate.address ? bare : `${bare} resolves to ${candidate.address}, which`} is ${problem}; telemetry is not forwarded to internal addresses unless ${FORWARD_ALLOWED_SETTING} lists them`,
      );
  }
  return { address: found[0]!.address, family: found[0]!.family === 6 ? 6 : 4 };
}

/** The URL a signal is forwarded to: the base endpoint with /v1/<signal> appended, as OTLP exporters do. */
export function forwardUrlOf(endpoint: URL, signal: OtlpSignal): URL {
  const base = endpoint.href.replace(/\/+$/, '');
  return new URL(`${base}/v1/${signal}`);
}

async function postBytes(
  url: URL,
  job: Job,
  headers: Record<string, string>,
  options: Required<Pick<OtlpForwarderOptions, 'allowedCidrs' | 'timeoutMs'>> &
    Pick<OtlpForwarderOptions, 'resolve'>,
): Promise<number> {
  const pinned = await pinForwardAddress(url.hostname, options.allowedCidrs, options.resolve);
  const client = url.protocol === 'https:' ? https : http;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const request = client.request(
      {
        protocol: url.protocol,
        host: hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: {
          ...headers,
          host: url.host,
          'content-type': job.contentType,
          ...(job.contentEncoding ? { 'content-encoding': job.contentEncoding } : {}),
          'content-length': String(job.body.length),
        },
        lookup: (_name, lookupOptions, callback) => {
          if ((lookupOptions as { all?: boolean }).all)
            callback(null, [{ address: pinned.address, family: pinned.family }] as never);
          else callback(null, pinned.address, pinned.family);
        },
        ...(net.isIP(hostname) ? {} : { servername: hostname }),
        agent: false,
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response) => {
        response.resume();
        response.on('error', reject);
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(job.body);
  });
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
        });
        if (status >= 200 && status < 300) return count(job.orgId, 'forwarded');
        lastError = `the destination answered HTTP ${status}`;
        // Only 429 and 5xx may pass on a second try; another 4xx will not.
        if (status !== 429 && status < 500) break;
      } catch (error) {
        lastError = (error as Error).message.startsWith(url.hostname)
          ? (error as Error).message
          : `could not reach the destination (${(error as NodeJS.ErrnoException).code ?? (error as Error).name})`;
        if (lastError.includes(FORWARD_ALLOWED_SETTING)) break;
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
