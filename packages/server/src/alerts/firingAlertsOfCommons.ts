// What other areas read of alerts: which of some commons have an alert firing now (a release wave's health
// gate does not pass while one does), in one query per 500 ids.
import type { CsocDatabase } from '../db/createDatabase.ts';

export interface FiringAlert {
  commonsId: string;
  ruleName: string;
  summary: string;
}

export async function firingAlertsOfCommons(
  database: CsocDatabase,
  commonsIds: readonly string[],
): Promise<FiringAlert[]> {
  const firing: FiringAlert[] = [];
  for (let start = 0; start < commonsIds.length; start += 500) {
    const rows = await database.db
      .selectFrom('alerts')
      .select(['commons_id', 'rule_name', 'summary'])
      .where('state', '=', 'firing')
      .where('commons_id', 'in', commonsIds.slice(start, start + 500))
      .execute();
    for (const row of rows)
      firing.push({ commonsId: row.commons_id!, ruleName: row.rule_name, summary: row.summary });
  }
  return firing;
}
