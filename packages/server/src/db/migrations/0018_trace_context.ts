// The W3C trace context (traceparent/tracestate, JSON) of the API request that started a run or a deploy, so
// the worker, the deploy follower and the probe that first finds the commons healthy continue that trace,
// in whichever process and after a restart (ADR 0039). Null when tracing is off: nothing else is written.
import type { Kysely } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('runs').addColumn('trace_context', 'text').execute();
  await db.schema.alterTable('deploys').addColumn('trace_context', 'text').execute();
  // When a probe first found the commons healthy after this (traced) deploy: that probe is traced once.
  await db.schema.alterTable('deploys').addColumn('healthy_probe_traced_at', 'text').execute();
}
