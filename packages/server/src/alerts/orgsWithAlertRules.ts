// Which orgs listen for which rule kinds: a source with many observations (telemetry per service of every
// commons) reports only to orgs with an enabled rule of the kind, instead of one engine transaction each.
import type { AlertRuleKind } from '@csoc/common';
import type { CsocDatabase } from '../db/createDatabase.ts';

/** The orgs with an enabled rule of one of `kinds`, each with the kinds it has. */
export async function orgsWithAlertRules(
  database: CsocDatabase,
  kinds: AlertRuleKind[],
): Promise<Map<string, Set<AlertRuleKind>>> {
  const rows = await database.db
    .selectFrom('alert_rules')
    .select(['org_id', 'kind'])
    .where('enabled', '=', 1)
    .where('kind', 'in', kinds)
    .execute();
  const kindsByOrg = new Map<string, Set<AlertRuleKind>>();
  for (const row of rows)
    kindsByOrg.set(row.org_id, (kindsByOrg.get(row.org_id) ?? new Set()).add(row.kind as AlertRuleKind));
  return kindsByOrg;
}
