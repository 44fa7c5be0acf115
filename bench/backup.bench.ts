// Backup and restore times (issue 16, item 5), on SQLite and PostgreSQL: the test installation (an org, a
// sim commons planned and applied with real Terraform, one deploy) and a larger one (the same plus
// CSOC_BENCH_BACKUP_SCALE × 10 000 audit events, 50 000 run-log lines and 200 sealed state versions).
// The backup runs beside the running CSOC, as an operator's would; the restore goes into a fresh database
// and data directory. Prints wall times, rows and the archive's size.
import { newId } from '@csoc/common';
import { appendAuditEvent } from '@csoc/server/internal/audit/auditLog.ts';
import { createBackup } from '@csoc/server/internal/backup/createBackup.ts';
import { restoreBackup } from '@csoc/server/internal/backup/restoreBackup.ts';
import { createSimAccount, simCommonsDocument, waitForRun } from '@csoc/server/testing/simCommons.ts';
import type { TestCsoc } from '@csoc/server/testing/startTestCsoc.ts';
import { createPostgresTestDatabase, createSqliteTestDatabase } from '@csoc/server/testing/testDatabases.ts';
import { startThrowawayPostgres } from '@csoc/server/testing/startThrowawayPostgres.ts';
import { ensureOrg } from '@csoc/server/testing/testUsers.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printTable, round, startBenchCsoc } from './benchKit.ts';

const SCALE = Number(process.env.CSOC_BENCH_BACKUP_SCALE ?? 1);
const ORG = 'bench-backup';

async function makeTestInstallation(csoc: TestCsoc): Promise<void> {
  await ensureOrg(csoc, ORG);
  await createSimAccount(csoc.admin, ORG);
  const created = await csoc.admin.post(
    `/api/v1/orgs/${ORG}/commons`,
    simCommonsDocument(
      'one',
      { simulation: { resourceDelaySeconds: 0 } },
      { gen3: { release: '2025.06', hostname: 'one.sim.example.org' } },
    ),
  );
  if (created.status !== 201) throw new Error(created.text);
  const plan = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/one/runs`, { kind: 'plan' });
  await waitForRun(csoc.admin, ORG, plan.body.id, ['planned'], 300_000);
  await csoc.admin.post(`/api/v1/orgs/${ORG}/runs/${plan.body.id}/approve`);
  const applied = await waitForRun(csoc.admin, ORG, plan.body.id, [], 300_000);
  if (applied.state !== 'succeeded') throw new Error(`the bench apply ${applied.state}`);
  const deploy = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/one/deploys`, {});
  if (deploy.body.status !== 'committed') throw new Error(deploy.text);
}

/** Grows the installation with the rows a long-lived CSOC accumulates most of. */
async function growInstallation(csoc: TestCsoc): Promise<void> {
  const database = csoc.context.database;
  const { db } = database;
  for (let index = 0; index < 10_000 * SCALE; index++)
    await appendAuditEvent(database, {
      actorKind: 'system',
      actorLabel: 'bench',
      action: 'bench.event',
      target: `bench/${index}`,
      outcome: 'success',
      summary: { index },
    });
  const run = await db.selectFrom('runs').select('id').executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  for (let start = 0; start < 50_000 * SCALE; start += 1000) {
    await db
      .insertInto('run_output')
      .values(
        Array.from({ length: 1000 }, (_, offset) => ({
          id: newId(),
          run_id: run.id,
          seq: 1_000_000 + start + offset,
          kind: 'log' as const,
          data: `terraform_data.resource[${start + offset}]: Creation complete after 0s [id=${newId()}]\n`,
          created_at: now,
        })),
      )
      .execute();
  }
  const version = await db.selectFrom('state_versions').selectAll().executeTakeFirstOrThrow();
  for (let index = 0; index < 200 * SCALE; index++)
    await db
      .insertInto('state_versions')
      .values({ ...version, id: newId(), serial: 100_000 + index })
      .execute();
}

async function measure(
  label: string,
  csoc: TestCsoc,
  databaseUrl: string,
  freshDatabase: () => Promise<string>,
): Promise<Record<string, string | number>> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bench-backup-'));
  const outFile = path.join(work, 'csoc.tar.gz');
  let started = performance.now();
  const backup = await createBackup({ databaseUrl, dataDir: csoc.dataDir, outFile });
  const backupMs = performance.now() - started;
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bench-restored-'));
  fs.copyFileSync(path.join(csoc.dataDir, 'master.key'), path.join(target, 'master.key'));
  const targetUrl = await freshDatabase();
  started = performance.now();
  const restored = await restoreBackup({ fromFile: outFile, databaseUrl: targetUrl, dataDir: target });
  const restoreMs = performance.now() - started;
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(target, { recursive: true, force: true });
  return {
    installation: label,
    rows: restored.rows,
    'audit events': restored.auditEventsVerified,
    'archive MB (gzip)': round(backup.bytes / 1e6),
    'backup s': round(backupMs / 1000),
    'restore s': round(restoreMs / 1000),
    'load avg': round(os.loadavg()[0]!, 1),
  };
}

async function benchOne(
  dialect: string,
  databaseUrl: string,
  freshDatabase: () => Promise<string>,
): Promise<Record<string, string | number>[]> {
  const csoc = await startBenchCsoc(databaseUrl, {
    CSOC_SIM_SYNC_DELAY_MS: '200',
    CSOC_PROBE_INTERVAL_SECONDS: '0',
  });
  try {
    await makeTestInstallation(csoc);
    const small = await measure(`${dialect}: test installation`, csoc, databaseUrl, freshDatabase);
    await growInstallation(csoc);
    const large = await measure(`${dialect}: larger (scale ${SCALE})`, csoc, databaseUrl, freshDatabase);
    return [small, large];
  } finally {
    await csoc.stop();
  }
}

export async function benchBackup(): Promise<void> {
  const rows = await benchOne('sqlite', createSqliteTestDatabase(), async () => createSqliteTestDatabase());
  const postgres = process.env.CSOC_TEST_DATABASE_URL ? undefined : await startThrowawayPostgres();
  if (postgres) process.env.CSOC_TEST_DATABASE_URL = postgres.url;
  try {
    rows.push(
      ...(await benchOne('postgres', await createPostgresTestDatabase(), createPostgresTestDatabase)),
    );
  } finally {
    await postgres?.stop();
  }
  printTable('Backup (beside a running CSOC) and restore (into a fresh installation), wall time', rows);
}
