// An org's settings and the one rule that reads them for approvals: whether the person who asked for a
// change (a run, a wave) may also approve it. Runs (runs/runLifecycle.ts) and waves (waves/waveLifecycle.ts)
// both ask `requiresSecondApprover`, so the rule lives here once (ADR 0050).
import type { CsocDatabase } from '../db/createDatabase.ts';
import { nowIso } from '../db/schema.ts';
import { PreconditionError } from '../errors.ts';
import type { AppContext } from '../http/appContext.ts';
import type { OrgSettingsTable } from './identityTables.ts';

export interface OrgSettings {
  /** The org's own choice: prod changes need a second person (what the org's admins set). */
  requireSecondApproverForProd: boolean;
  /** 0 while the org never changed a setting (the defaults). */
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

const DEFAULTS: OrgSettings = {
  requireSecondApproverForProd: false,
  version: 0,
  updatedBy: null,
  updatedAt: null,
};

function toSettings(row: OrgSettingsTable | undefined): OrgSettings {
  if (!row) return DEFAULTS;
  return {
    requireSecondApproverForProd: row.require_second_approver_for_prod === 1,
    version: row.version,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

export async function readOrgSettings(database: CsocDatabase, orgId: string): Promise<OrgSettings> {
  return toSettings(
    await database.db.selectFrom('org_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst(),
  );
}

/**
 * Saves a change to the org's settings guarded by the version read (`expectedVersion`, 0 for the defaults):
 * two admins changing settings at once never overwrite each other; the loser gets a PreconditionError.
 */
export async function saveOrgSettings(
  database: CsocDatabase,
  orgId: string,
  expectedVersion: number,
  change: { requireSecondApproverForProd: boolean },
  by: string,
): Promise<OrgSettings> {
  const row: OrgSettingsTable = {
    org_id: orgId,
    require_second_approver_for_prod: change.requireSecondApproverForProd ? 1 : 0,
    updated_by: by,
    updated_at: nowIso(),
    version: expectedVersion + 1,
  };
  const lost = () =>
    new PreconditionError(
      "The org's settings changed while you were updating them; read them again and retry.",
    );
  if (expectedVersion === 0) {
    const inserted = await database.db
      .insertInto('org_settings')
      .values(row)
      .onConflict((conflict) => conflict.column('org_id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) throw lost();
  } else {
    const updated = await database.db
      .updateTable('org_settings')
      .set({
        require_second_approver_for_prod: row.require_second_approver_for_prod,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
        version: row.version,
      })
      .where('org_id', '=', orgId)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw lost();
  }
  return toSettings(row);
}

/**
 * Whether a change to a commons of `environment` in the org needs a second person to approve it (the
 * requester may not). The CSOC-wide CSOC_APPROVAL_SEPARATE_APPROVER requires it everywhere; an org can
 * require it for prod on top, never waive what the CSOC requires.
 */
export async function requiresSecondApprover(
  context: AppContext,
  orgId: string,
  environment: string,
): Promise<boolean> {
  if (context.config.approvalSeparateApprover) return true;
  if (environment !== 'prod') return false;
  return (await readOrgSettings(context.database, orgId)).requireSecondApproverForProd;
}
