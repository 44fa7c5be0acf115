// Each commons' current health records when the Argo CD, deploy, run and drift signals it was judged with
// were read (monitor/healthStore.ts): a wave's health gate counts only a verdict whose signals were read
// after the step's deploy finished, instead of adding the longest possible signal age to every wait.
import type { Kysely } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('monitor_commons_health').addColumn('signals_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('monitor_commons_health').dropColumn('signals_at').execute();
}
