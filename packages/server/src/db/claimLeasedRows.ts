// The leased claim both outboxes use (alert notifications, OTLP forwarding): several processes take due rows
// from one table without a lock service. A claim is a compare-and-set on the row's version, so of two
// processes racing for a row exactly one gets it; a row whose holder died is due again once its lease ends.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** The columns a leased outbox row has (both tables keep these names). */
export interface LeasedRow {
  id: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  version: number;
}

/** Tables of the schema whose rows are leased outbox rows. */
type LeasedTable = {
  [Name in keyof Database]: Database[Name] extends LeasedRow ? Name : never;
}[keyof Database];

export interface ClaimLeasedRowsOptions {
  /** Who claims: a process id, stored as the lease owner. */
  owner: string;
  leaseMs: number;
  limit: number;
  now?: Date;
}

/**
 * Claims up to `limit` due rows of `table`, oldest `next_attempt_at` first: pending ones whose time has come
 * and `sending` ones whose lease expired. Counts the attempt at claim time, so an attempt a crash
 * interrupted still counts. Returns the claimed rows as they now are.
 */
export async function claimLeasedRows<Name extends LeasedTable>(
  db: Kysely<Database>,
  table: Name,
  { owner, leaseMs, limit, now = new Date() }: ClaimLeasedRowsOptions,
): Promise<Database[Name][]> {
  // Kysely cannot type a query over "any table with these columns": the query is typed against one stand-in
  // table of LeasedRow and runs against the real one; the LeasedTable constraint keeps that honest.
  const leased = db as unknown as Kysely<{ leased: LeasedRow }>;
  const from = table as unknown as 'leased';
  const nowText = now.toISOString();
  const candidates = await leased
    .selectFrom(from)
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', nowText)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_expires_at', '<', nowText)]),
      ]),
    )
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  const claimed: LeasedRow[] = [];
  for (const row of candidates) {
    const lease = {
      status: 'sending',
      lease_owner: owner,
      lease_expires_at: new Date(now.getTime() + leaseMs).toISOString(),
      attempts: row.attempts + 1,
      version: row.version + 1,
    };
    const result = await leased
      .updateTable(from)
      .set(lease)
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) claimed.push({ ...row, ...lease });
  }
  return claimed as Database[Name][];
}
