// The bounded summary: what one OTLP request adds to a commons' per-service buckets. Cumulative series
// become deltas against a cursor per series; every delta lands in its minute (kept 24 h) and its hour
// (kept 30 d) in the same transaction, so there is no roll-up job to fall behind. Bounds: series per
// commons, service rows per minute, and the age of a point; what exceeds them is counted as rejected.
import { sql, type Kysely } from 'kysely';
import type { CsocDatabase } from '../db/createDatabase.ts';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../db/schema.ts';
import { serializedTransaction } from '../db/serializedTransaction.ts';
import { addBins, binIndexOf, emptyLatencyBins } from './latencyBins.ts';
import type { OtlpSummaryInput, StreamPoint } from './summarizeOtlp.ts';
import type {
  TelemetryBucketsTable,
  TelemetrySource,
  TelemetryStreamCursorsTable,
} from './telemetryTables.ts';

export interface TelemetryLimits {
  /** Distinct series (metric × service × attributes) tracked per commons. */
  maxSeriesPerCommons: number;
  /** Distinct service × source rows per commons per minute. */
  maxServiceRowsPerMinute: number;
}

export const DEFAULT_TELEMETRY_LIMITS: TelemetryLimits = {
  maxSeriesPerCommons: 10_000,
  maxServiceRowsPerMinute: 128,
};

/** A cumulative series first seen this soon after its start counts from its start; older ones from now. */
const NEW_SERIES_WINDOW_MS = 10 * 60_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** Points older than the 1-minute retention, or from the future, are not kept. */
const OLDEST_POINT_MS = 24 * HOUR_MS;
const FUTURE_SKEW_MS = 5 * MINUTE_MS;
const CHUNK = 200;

export interface RecordedSummary {
  /** Data points (or spans) CSOC could not keep, with why (for OTLP partial_success). */
  rejected: number;
  rejectedReason?: string;
}

interface Delta {
  service: string;
  source: TelemetrySource;
  timeMs: number;
  requests: number;
  errors: number;
  latencySumMs: number;
  latencyBins: number[];
  logins: number;
  downloads: number;
}

function emptyDelta(service: string, source: TelemetrySource, timeMs: number): Delta {
  return {
    service,
    source,
    timeMs,
    requests: 0,
    errors: 0,
    latencySumMs: 0,
    latencyBins: emptyLatencyBins(),
    logins: 0,
    downloads: 0,
  };
}

function deltaOfPoint(point: StreamPoint, cursor: TelemetryStreamCursorsTable | undefined, nowMs: number) {
  if (!point.cumulative) return { value: point.value, sum: point.latencySumMs, bins: point.latencyBins };
  const continues = cursor && cursor.start_time_ms === point.startTimeMs && point.value >= cursor.value;
  if (continues) {
    const previous = JSON.parse(cursor.latency_bins) as number[];
    return {
      value: point.value - cursor.value,
      sum: point.latencySumMs - cursor.latency_sum_ms,
      bins: point.latencyBins.map((count, index) => Math.max(0, count - (previous[index] ?? 0))),
    };
  }
  // A restarted series (new start) or one that began recently counts from its start; a long-running one
  // seen for the first time is a baseline: CSOC cannot know how much of it fell in which minute.
  if (cursor || point.startTimeMs >= nowMs - NEW_SERIES_WINDOW_MS)
    return { value: point.value, sum: point.latencySumMs, bins: point.latencyBins };
  return { value: 0, sum: 0, bins: emptyLatencyBins() };
}

const bucketStartOf = (timeMs: number, sizeMs: number) =>
  new Date(Math.floor(timeMs / sizeMs) * sizeMs).toISOString();

/** Adds one request's summary to the commons' buckets; safe from any number of processes at once. */
export async function recordTelemetrySummary(
  database: CsocDatabase,
  target: { orgId: string; commonsId: string },
  summary: OtlpSummaryInput,
  limits: TelemetryLimits = DEFAULT_TELEMETRY_LIMITS,
  nowMs = Date.now(),
): Promise<RecordedSummary> {
  let rejected = 0;
  let rejectedReason: string | undefined;
  const reject = (count: number, reason: string) => {
    rejected += count;
    rejectedReason ??= reason;
  };
  const inRange = (timeMs: number) => timeMs >= nowMs - OLDEST_POINT_MS && timeMs <= nowMs + FUTURE_SKEW_MS;
  const points = summary.points.filter(
    (point) => inRange(point.timeMs) || (reject(1, 'timestamp older than 24 h or in the future'), false),
  );
  const spans = summary.spans.filter(
    (span) => inRange(span.timeMs) || (reject(1, 'timestamp older than 24 h or in the future'), false),
  );

  return serializedTransaction(database, `telemetry:${target.commonsId}`, async (trx) => {
    const deltas: Delta[] = [];
    if (points.length) {
      // Delta series need no cursor: only cumulative ones are looked up.
      const cumulativeKeys = new Set(
        points.filter((point) => point.cumulative).map((point) => point.streamKey),
      );
      const cursors = cumulativeKeys.size
        ? await cursorsOf(trx, target.commonsId, [...cumulativeKeys])
        : new Map<string, TelemetryStreamCursorsTable>();
      // The series bound is counted only when this request starts new cumulative series.
      const startsSeries = points.some((point) => point.cumulative && !cursors.has(point.streamKey));
      let room = startsSeries ? limits.maxSeriesPerCommons - (await seriesCount(trx, target.commonsId)) : 0;
      const updated = new Map<string, TelemetryStreamCursorsTable>();
      const seenAt = nowIso();
      for (const point of points) {
        const cursor = updated.get(point.streamKey) ?? cursors.get(point.streamKey);
        if (!cursor && point.cumulative) {
          if (room <= 0) {
            reject(1, `more than ${limits.maxSeriesPerCommons} series for this commons`);
            continue;
          }
          room -= 1;
        }
        const delta = deltaOfPoint(point, cursor, nowMs);
        if (point.cumulative)
          updated.set(point.streamKey, {
            commons_id: target.commonsId,
            stream_key: point.streamKey,
            start_time_ms: point.startTimeMs,
            value: point.value,
            latency_sum_ms: point.latencySumMs,
            latency_bins: JSON.stringify(point.latencyBins),
            seen_at: seenAt,
          });
        if (delta.value === 0 && delta.sum === 0) continue;
        const entry = emptyDelta(point.service, 'metrics', point.timeMs);
        if (point.kind === 'requests') {
          entry.requests = delta.value;
          entry.errors = point.error ? delta.value : 0;
          entry.latencySumMs = delta.sum;
          entry.latencyBins = delta.bins;
        } else if (point.kind === 'logins') entry.logins = delta.value;
        else entry.downloads = delta.value;
        deltas.push(entry);
      }
      await saveCursors(trx, [...updated.values()]);
    }
    for (const span of spans) {
      const entry = emptyDelta(span.service, 'spans', span.timeMs);
      entry.requests = 1;
      entry.errors = span.error ? 1 : 0;
      entry.latencySumMs = span.latencyMs;
      entry.latencyBins[binIndexOf(span.latencyMs)] = 1;
      deltas.push(entry);
    }
    const kept = await addToBuckets(trx, target, deltas, limits);
    if (kept.rejected)
      reject(kept.rejected, `more than ${limits.maxServiceRowsPerMinute} services in one minute`);
    await markReceived(trx, target, nowIso());
    return { rejected, ...(rejectedReason ? { rejectedReason } : {}) };
  });
}

async function cursorsOf(trx: Kysely<Database>, commonsId: string, keys: string[]) {
  const found = new Map<string, TelemetryStreamCursorsTable>();
  for (let index = 0; index < keys.length; index += CHUNK) {
    const rows = await trx
      .selectFrom('telemetry_stream_cursors')
      .selectAll()
      .where('commons_id', '=', commonsId)
      .where('stream_key', 'in', keys.slice(index, index + CHUNK))
      .execute();
    for (const row of rows)
      found.set(row.stream_key, {
        ...row,
        start_time_ms: Number(row.start_time_ms),
        value: Number(row.value),
        latency_sum_ms: Number(row.latency_sum_ms),
      });
  }
  return found;
}

async function seriesCount(trx: Kysely<Database>, commonsId: string): Promise<number> {
  const row = await trx
    .selectFrom('telemetry_stream_cursors')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('commons_id', '=', commonsId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function saveCursors(trx: Kysely<Database>, rows: TelemetryStreamCursorsTable[]): Promise<void> {
  for (let index = 0; index < rows.length; index += CHUNK)
    await trx
      .insertInto('telemetry_stream_cursors')
      .values(rows.slice(index, index + CHUNK))
      .onConflict((conflict) =>
        conflict.columns(['commons_id', 'stream_key']).doUpdateSet({
          start_time_ms: sql`excluded.start_time_ms`,
          value: sql`excluded.value`,
          latency_sum_ms: sql`excluded.latency_sum_ms`,
          latency_bins: sql`excluded.latency_bins`,
          seen_at: sql`excluded.seen_at`,
        }),
      )
      .execute();
}

type BucketKey = string;

async function addToBuckets(
  trx: Kysely<Database>,
  target: { orgId: string; commonsId: string },
  deltas: Delta[],
  limits: TelemetryLimits,
): Promise<{ rejected: number }> {
  if (!deltas.length) return { rejected: 0 };
  const merged = new Map<BucketKey, TelemetryBucketsTable>();
  for (const delta of deltas)
    for (const [resolution, sizeMs] of [
      ['1m', MINUTE_MS],
      ['1h', HOUR_MS],
    ] as const) {
      const bucketStart = bucketStartOf(delta.timeMs, sizeMs);
      const key = `${resolution}|${bucketStart}|${delta.service}|${delta.source}`;
      const row = merged.get(key) ?? {
        commons_id: target.commonsId,
        org_id: target.orgId,
        service: delta.service,
        source: delta.source,
        resolution,
        bucket_start: bucketStart,
        requests: 0,
        errors: 0,
        latency_sum_ms: 0,
        latency_bins: '',
        logins: 0,
        downloads: 0,
      };
      row.requests += delta.requests;
      row.errors += delta.errors;
      row.latency_sum_ms += delta.latencySumMs;
      row.latency_bins = JSON.stringify(
        addBins(
          row.latency_bins ? (JSON.parse(row.latency_bins) as number[]) : emptyLatencyBins(),
          delta.latencyBins,
        ),
      );
      row.logins += delta.logins;
      row.downloads += delta.downloads;
      merged.set(key, row);
    }

  // Read the rows these buckets already have, and how many service rows each minute holds (the bound).
  const starts = [...new Set([...merged.values()].map((row) => row.bucket_start))];
  const existing = new Map<BucketKey, TelemetryBucketsTable>();
  const rowsPerBucket = new Map<string, number>();
  for (let index = 0; index < starts.length; index += CHUNK) {
    const rows = await trx
      .selectFrom('telemetry_buckets')
      .selectAll()
      .where('commons_id', '=', target.commonsId)
      .where('bucket_start', 'in', starts.slice(index, index + CHUNK))
      .execute();
    for (const row of rows) {
      existing.set(`${row.resolution}|${row.bucket_start}|${row.service}|${row.source}`, row);
      const bucket = `${row.resolution}|${row.bucket_start}`;
      rowsPerBucket.set(bucket, (rowsPerBucket.get(bucket) ?? 0) + 1);
    }
  }
  let rejected = 0;
  const writes: TelemetryBucketsTable[] = [];
  for (const [key, row] of merged) {
    const before = existing.get(key);
    if (!before) {
      const bucket = `${row.resolution}|${row.bucket_start}`;
      const count = rowsPerBucket.get(bucket) ?? 0;
      if (count >= limits.maxServiceRowsPerMinute) {
        if (row.resolution === '1m') rejected += 1;
        continue;
      }
      rowsPerBucket.set(bucket, count + 1);
      writes.push(row);
      continue;
    }
    writes.push({
      ...row,
      requests: Number(before.requests) + row.requests,
      errors: Number(before.errors) + row.errors,
      latency_sum_ms: Number(before.latency_sum_ms) + row.latency_sum_ms,
      latency_bins: JSON.stringify(
        addBins(JSON.parse(before.latency_bins) as number[], JSON.parse(row.latency_bins) as number[]),
      ),
      logins: Number(before.logins) + row.logins,
      downloads: Number(before.downloads) + row.downloads,
    });
  }
  for (let index = 0; index < writes.length; index += CHUNK)
    await trx
      .insertInto('telemetry_buckets')
      .values(writes.slice(index, index + CHUNK))
      .onConflict((conflict) =>
        conflict.columns(['commons_id', 'resolution', 'bucket_start', 'service', 'source']).doUpdateSet({
          requests: sql`excluded.requests`,
          errors: sql`excluded.errors`,
          latency_sum_ms: sql`excluded.latency_sum_ms`,
          latency_bins: sql`excluded.latency_bins`,
          logins: sql`excluded.logins`,
          downloads: sql`excluded.downloads`,
        }),
      )
      .execute();
  return { rejected };
}

async function markReceived(trx: Kysely<Database>, target: { orgId: string; commonsId: string }, at: string) {
  await trx
    .insertInto('telemetry_commons_activity')
    .values({
      commons_id: target.commonsId,
      org_id: target.orgId,
      first_received_at: at,
      last_received_at: at,
      silent_minutes_reported: 0,
    })
    .onConflict((conflict) =>
      // The silence counter is left to the signal task, which reports the resumption and resets it.
      conflict.column('commons_id').doUpdateSet({ last_received_at: at }),
    )
    .execute();
}

export interface TelemetryRetention {
  minuteBucketsHours: number;
  hourBucketsDays: number;
}

/** Deletes buckets past their retention and cursors of series silent for a day; returns rows deleted. */
export async function pruneTelemetry(
  database: CsocDatabase,
  retention: TelemetryRetention,
  nowMs = Date.now(),
) {
  const db = database.db;
  const minutes = await db
    .deleteFrom('telemetry_buckets')
    .where('resolution', '=', '1m')
    .where('bucket_start', '<', new Date(nowMs - retention.minuteBucketsHours * HOUR_MS).toISOString())
    .executeTakeFirst();
  const hours = await db
    .deleteFrom('telemetry_buckets')
    .where('resolution', '=', '1h')
    .where('bucket_start', '<', new Date(nowMs - retention.hourBucketsDays * 24 * HOUR_MS).toISOString())
    .executeTakeFirst();
  const cursors = await db
    .deleteFrom('telemetry_stream_cursors')
    .where('seen_at', '<', new Date(nowMs - 24 * HOUR_MS).toISOString())
    .executeTakeFirst();
  return Number(minutes.numDeletedRows) + Number(hours.numDeletedRows) + Number(cursors.numDeletedRows);
}
