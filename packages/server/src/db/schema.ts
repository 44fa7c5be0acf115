// The Kysely view of every table. Each area declares its own tables beside its code; this file only
// joins them so one Kysely instance can serve all areas.
import type { AuditTables } from '../audit/auditTables.ts';
import type { IdentityTables } from '../identity/identityTables.ts';

export interface Database extends IdentityTables, AuditTables {}

/** Timestamps are ISO-8601 UTC strings in both dialects, so they sort and compare as text. */
export function nowIso(): string {
  return new Date().toISOString();
}
