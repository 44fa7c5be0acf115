// `csoc-server restore`: rebuilds an installation from a backup archive, into an empty data directory and
// an empty database only. Every checksum is verified before anything is written; the schema is migrated to
// the archive's level, the rows go in within one transaction (audit chain verified before it commits), and
// the GitOps repositories come back from their bundles with exactly the refs the archive names.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { type Kysely, sql, type Transaction } from 'kysely';
import { verifyAuditChain } from '../audit/auditLog.ts';
import { MASTER_KEY_FILE_NAME, parseMasterKey, readKeyringFile } from '../credentials/masterKeyring.ts';
import { type CsocDatabase, createDatabase } from '../db/createDatabase.ts';
import { knownMigrationNames, migrateUpTo } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import { runGit } from '../gitops/repository/runGit.ts';
import { type BackupManifest, MANIFEST_CHECKSUM_MEMBER, MANIFEST_MEMBER } from './backupManifest.ts';
import { MIGRATION_TABLES, quote } from './databaseSnapshot.ts';
import { DamagedArchiveError, extractTarArchive } from './tarArchive.ts';

/** A restore that must not go ahead (target not empty, key missing, archive from a newer CSOC...). */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

export interface RestoreBackupOptions {
  /** The archive `csoc-server backup` wrote. */
  fromFile: string;
  databaseUrl?: string;
  dataDir: string;
  /** config.masterKey (CSOC_MASTER_KEY / _FILE), when the target is configured with one. */
  masterKey?: string;
  log?: (line: string) => void;
}

export interface RestoreSummary {
  manifest: BackupManifest;
  rows: number;
  auditEventsVerified: number;
}

/**
 * Restores `fromFile` into the installation at `dataDir`/`databaseUrl`. Throws DamagedArchiveError (naming
 * the member) or RestoreRefusedError (naming what to fix) before writing anything when it cannot.
 */
export async function restoreBackup(options: RestoreBackupOptions): Promise<RestoreSummary> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  refuseNonEmptyDataDir(dataDir);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-restore-'));
  const dataDirExisted = fs.existsSync(dataDir);
  try {
    log(`Verifying ${options.fromFile}...`);
    const manifest = await verifiedManifest(options.fromFile, staging);
    refuseMissingMasterKeys(manifest, dataDir, options.masterKey);
    const known = await knownMigrationNames();
    const level = manifest.database.migrations.at(-1);
    if (!level || manifest.database.migrations.some((name, index) => known[index] !== name))
      throw new RestoreRefusedError(
        `The archive's schema (migration ${level ?? 'none'}) is not one this CSOC knows: it was made by CSOC ${manifest.csocVersion}. Fix: restore with that version of csoc-server or a newer one.`,
      );

    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const database = createDatabase({ url: options.databaseUrl, dataDir, poolSize: 2 });
    try {
      const seededTables = await prepareEmptySchema(database, manifest, level);
      await restoreGitRepositories(manifest, staging, dataDir);
      log(`Restored ${manifest.gitRepositories.length} GitOps repositories.`);
      const result = await insertEveryRow(database, manifest, staging, seededTables, log);
      log(
        `Restored ${result.rows} rows into ${database.description}; the audit chain of ${result.auditEventsVerified} events verifies.`,
      );
      return { manifest, ...result };
    } finally {
      await database.close();
    }
  } catch (error) {
    // Leave the data directory as empty as it was found, so a sound archive can be restored into it.
    if (!dataDirExisted) fs.rmSync(dataDir, { recursive: true, force: true });
    else
      for (const entry of fs.readdirSync(dataDir))
        if (entry !== MASTER_KEY_FILE_NAME)
          fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
    throw error;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Recreates each bare repository from its bundle and checks it holds exactly the manifest's refs. */
async function restoreGitRepositories(
  manifest: BackupManifest,
  staging: string,
  dataDir: string,
): Promise<void> {
  for (const repository of manifest.gitRepositories) {
    const gitDir = path.join(dataDir, repository.path);
    fs.mkdirSync(path.dirname(gitDir), { recursive: true, mode: 0o700 });
    await runGit(['init', '--quiet', '--bare', gitDir]);
    if (repository.member)
      await runGit(['fetch', '--quiet', path.join(staging, repository.member), '+refs/*:refs/*'], { gitDir });
    if (repository.head) await runGit(['symbolic-ref', 'HEAD', repository.head], { gitDir });
    const refs = await refsOf(gitDir);
    if (JSON.stringify(refs) !== JSON.stringify(sortedEntries(repository.refs)))
      throw new DamagedArchiveError(
        `member ${repository.member}: the restored repository's refs differ from the manifest's.`,
      );
  }
}

/** The data directory may be missing or hold only the master key the operator put back. */
function refuseNonEmptyDataDir(dataDir: string): void {
  if (!fs.existsSync(dataDir)) return;
  const entries = fs.readdirSync(dataDir).filter((entry) => entry !== MASTER_KEY_FILE_NAME);
  if (entries.length)
    throw new RestoreRefusedError(
      `The data directory ${dataDir} is not empty (it holds ${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', ...' : ''}). Fix: restore into a new, empty CSOC_DATA_DIR (it may hold only ${MASTER_KEY_FILE_NAME}); a restore never merges into an installation.`,
    );
}

/** Unpacks the archive into `staging` and checks every member against the manifest's checksums. */
async function verifiedManifest(archive: string, staging: string): Promise<BackupManifest> {
  if (!fs.existsSync(archive))
    throw new RestoreRefusedError(
      `${archive} does not exist. Fix: pass the archive csoc-server backup wrote with --from.`,
    );
  const members = await extractTarArchive(archive, staging);
  const byName = new Map(members.map((member) => [member.name, member]));
  const manifestMember = byName.get(MANIFEST_MEMBER);
  const checksum = byName.get(MANIFEST_CHECKSUM_MEMBER);
  if (!manifestMember || !checksum)
    throw new DamagedArchiveError(
      `the archive has no ${!manifestMember ? MANIFEST_MEMBER : MANIFEST_CHECKSUM_MEMBER}: it is not a CSOC backup.`,
    );
  if (fs.readFileSync(checksum.file, 'utf8').trim() !== manifestMember.sha256)
    throw new DamagedArchiveError(
      `member ${MANIFEST_MEMBER} is damaged: its checksum does not match ${MANIFEST_CHECKSUM_MEMBER}.`,
    );
  const manifest = JSON.parse(fs.readFileSync(manifestMember.file, 'utf8')) as BackupManifest;
  if (manifest.kind !== 'CsocBackup' || manifest.formatVersion !== 1)
    throw new RestoreRefusedError(
      `The archive is a ${manifest.kind} of format ${manifest.formatVersion}; this CSOC reads CsocBackup format 1. Fix: restore with the CSOC version that wrote it (${manifest.csocVersion}).`,
    );
  const listed = new Set(manifest.members.map((member) => member.name));
  for (const member of members)
    if (
      member.name !== MANIFEST_MEMBER &&
      member.name !== MANIFEST_CHECKSUM_MEMBER &&
      !listed.has(member.name)
    )
      throw new DamagedArchiveError(`member ${member.name} is not in the manifest: the archive was altered.`);
  for (const expected of manifest.members) {
    const found = byName.get(expected.name);
    if (!found) throw new DamagedArchiveError(`member ${expected.name} is missing from the archive.`);
    if (found.size !== expected.size || found.sha256 !== expected.sha256)
      throw new DamagedArchiveError(
        `member ${expected.name} is damaged: its checksum does not match the manifest. Nothing was restored.`,
      );
  }
  return manifest;
}

/** Sealed rows are useless without the keys that wrap them: refuse before restoring undecryptable data. */
function refuseMissingMasterKeys(
  manifest: BackupManifest,
  dataDir: string,
  masterKey: string | undefined,
): void {
  if (manifest.masterKeyIds.length === 0) return;
  const keyFile = path.join(dataDir, MASTER_KEY_FILE_NAME);
  const held = masterKey
    ? [parseMasterKey(masterKey, 'CSOC_MASTER_KEY').id]
    : fs.existsSync(keyFile)
      ? readKeyringFile(keyFile).map((key) => key.id)
      : [];
  const missing = manifest.masterKeyIds.filter((id) => !held.includes(id));
  if (missing.length)
    throw new RestoreRefusedError(
      `The archive's secrets are sealed with master key(s) ${missing.join(', ')}, which this installation does not hold${held.length ? ` (it holds ${held.join(', ')})` : ''}. Fix: put the backed-up key file at ${keyFile}, or set CSOC_MASTER_KEY / CSOC_MASTER_KEY_FILE to that key, then run the restore again.`,
    );
}

/**
 * Migrates the target to the archive's level and checks it holds the same columns and no rows but those
 * the migrations themselves seed (the probe shards); returns the tables holding such seeds, which the
 * archive's own rows replace.
 */
async function prepareEmptySchema(
  database: CsocDatabase,
  manifest: BackupManifest,
  level: string,
): Promise<string[]> {
  const { db } = database;
  const applied = await appliedMigrations(db);
  const newer = applied.filter((name) => !manifest.database.migrations.includes(name));
  if (newer.length)
    throw new RestoreRefusedError(
      `The database ${database.description} is already at migration ${newer.at(-1)}, newer than the archive's ${level}. Fix: restore into a new, empty database.`,
    );
  await migrateUpTo(database, level);
  const columns = await columnsOf(database);
  const seeded = await seededRowsAt(level);
  const withRows: string[] = [];
  const seededTables: string[] = [];
  for (const table of manifest.database.tables) {
    const present = columns.get(table.name);
    if (!present || [...present].sort().join() !== [...table.columns].sort().join())
      throw new RestoreRefusedError(
        `Table ${table.name} in ${database.description} does not have the archive's columns at migration ${level}. Fix: restore into a new, empty database.`,
      );
    const rows = await db
      .selectFrom(table.name as keyof Database)
      .selectAll()
      .execute();
    if (rows.length === 0) continue;
    if (canonicalRows(rows).join('\n') === seeded.get(table.name)?.join('\n')) seededTables.push(table.name);
    else withRows.push(table.name);
  }
  if (withRows.length)
    throw new RestoreRefusedError(
      `The database ${database.description} is not empty (${withRows.slice(0, 5).join(', ')} hold rows). Fix: restore into a new, empty database, before CSOC ever starts on it.`,
    );
  return seededTables;
}

/** The rows a fresh database holds after migrating to `level`: migrated in memory, by table. */
async function seededRowsAt(level: string): Promise<Map<string, string[]>> {
  const scratch = createDatabase({ url: 'sqlite::memory:', dataDir: os.tmpdir() });
  try {
    await migrateUpTo(scratch, level);
    const tables = await columnsOf(scratch);
    const seeded = new Map<string, string[]>();
    for (const table of tables.keys()) {
      if (MIGRATION_TABLES.includes(table) || table.startsWith('sqlite_')) continue;
      const rows = await scratch.db
        .selectFrom(table as keyof Database)
        .selectAll()
        .execute();
      if (rows.length) seeded.set(table, canonicalRows(rows));
    }
    return seeded;
  } finally {
    await scratch.close();
  }
}

function canonicalRows(rows: object[]): string[] {
  return rows.map((row) => JSON.stringify(row)).sort();
}

async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  try {
    const result = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db);
    return result.rows.map((row) => row.name);
  } catch {
    return [];
  }
}

async function columnsOf(database: CsocDatabase): Promise<Map<string, string[]>> {
  const rows =
    database.dialect === 'sqlite'
      ? (
          await sql<{ table_name: string; column_name: string }>`
            SELECT m.name AS table_name, p.name AS column_name
              FROM sqlite_master m JOIN pragma_table_info(m.name) p
             WHERE m.type = 'table' ORDER BY m.name, p.cid`.execute(database.db)
        ).rows
      : (
          await sql<{ table_name: string; column_name: string }>`
            SELECT table_name, column_name FROM information_schema.columns
             WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`.execute(database.db)
        ).rows;
  const columns = new Map<string, string[]>();
  for (const row of rows)
    columns.set(row.table_name, [...(columns.get(row.table_name) ?? []), row.column_name]);
  return columns;
}

/** Which tables each table's foreign keys point at, read from the target's catalog. */
async function referencesOf(database: CsocDatabase): Promise<Map<string, string[]>> {
  const rows =
    database.dialect === 'sqlite'
      ? (
          await sql<{ table_name: string; referenced: string }>`
            SELECT m.name AS table_name, p."table" AS referenced
              FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) p WHERE m.type = 'table'`.execute(
            database.db,
          )
        ).rows
      : (
          await sql<{ table_name: string; referenced: string }>`
            SELECT DISTINCT tc.table_name, ccu.table_name AS referenced
              FROM information_schema.table_constraints tc
              JOIN information_schema.constraint_column_usage ccu
                ON ccu.constraint_name = tc.constraint_name AND ccu.constraint_schema = tc.constraint_schema
             WHERE tc.table_schema = current_schema() AND tc.constraint_type = 'FOREIGN KEY'`.execute(
            database.db,
          )
        ).rows;
  const references = new Map<string, string[]>();
  for (const row of rows)
    if (row.referenced !== row.table_name)
      references.set(row.table_name, [...(references.get(row.table_name) ?? []), row.referenced]);
  return references;
}

/** Tables in an order where every table comes after the tables its foreign keys point at. */
export function parentsFirst(tables: string[], references: Map<string, string[]>): string[] {
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (table: string) => {
    if (ordered.includes(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const parent of references.get(table) ?? []) if (tables.includes(parent)) visit(parent);
    visiting.delete(table);
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}

async function insertEveryRow(
  database: CsocDatabase,
  manifest: BackupManifest,
  staging: string,
  seededTables: string[],
  log: (line: string) => void,
): Promise<{ rows: number; auditEventsVerified: number }> {
  const references = await referencesOf(database);
  const byName = new Map(manifest.database.tables.map((table) => [table.name, table]));
  const order = parentsFirst(
    [...byName.keys()].filter((name) => !MIGRATION_TABLES.includes(name)),
    references,
  );
  return database.db.transaction().execute(async (trx) => {
    // The archive carries these tables' rows as the source had them (leases and all).
    for (const name of [...order].reverse())
      if (seededTables.includes(name)) await trx.deleteFrom(name as keyof Database).execute();
    let rows = 0;
    for (const name of order) {
      const table = byName.get(name)!;
      const batchSize = Math.max(1, Math.min(500, Math.floor(30_000 / Math.max(1, table.columns.length))));
      let batch: Record<string, unknown>[] = [];
      let inTable = 0;
      const lines = readline.createInterface({
        input: fs.createReadStream(path.join(staging, table.member)),
        crlfDelay: Infinity,
      });
      for await (const line of lines) {
        if (line === '') continue;
        batch.push(JSON.parse(line) as Record<string, unknown>);
        if (batch.length >= batchSize) {
          await insertRows(trx, name, batch);
          inTable += batch.length;
          batch = [];
        }
      }
      if (batch.length) await insertRows(trx, name, batch);
      inTable += batch.length;
      if (inTable !== table.rows)
        throw new DamagedArchiveError(
          `member ${table.member} holds ${inTable} rows; the manifest says ${table.rows}.`,
        );
      rows += inTable;
    }
    if (database.dialect === 'postgres') await advanceSequences(trx);
    const chain = await verifyAuditChain({ ...database, db: trx });
    if (!chain.valid)
      throw new DamagedArchiveError(
        `member database/audit_events.jsonl: the restored audit chain is broken at event ${chain.firstBroken?.seq} (${chain.firstBroken?.reason}).`,
      );
    log(`Inserted rows of ${order.length} tables.`);
    return { rows, auditEventsVerified: chain.checked };
  });
}

function insertRows(trx: Transaction<Database>, table: string, rows: Record<string, unknown>[]) {
  return trx
    .insertInto(table as keyof Database)
    .values(rows as never)
    .execute();
}

/**
 * Moves every PostgreSQL sequence past the restored rows, so the next insert does not collide with a
 * restored id. (CSOC's tables use text ids today; this keeps a future serial column safe.) SQLite keeps
 * AUTOINCREMENT counters at the largest id inserted by itself.
 */
export async function advanceSequences(trx: Kysely<Database>): Promise<number> {
  const serials = (
    await sql<{ table_name: string; column_name: string; sequence: string }>`
      SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) AS sequence
        FROM information_schema.columns
       WHERE table_schema = current_schema()
         AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL`.execute(trx)
  ).rows;
  for (const serial of serials) {
    await sql`SELECT setval(${serial.sequence}::regclass, COALESCE((SELECT MAX(${sql.raw(quote(serial.column_name))}) FROM ${sql.table(serial.table_name)}), 0) + 1, false)`.execute(
      trx,
    );
  }
  return serials.length;
}

async function refsOf(gitDir: string): Promise<[string, string][]> {
  const listed = await runGit(['for-each-ref', '--format=%(refname) %(objectname)'], { gitDir });
  return sortedEntries(
    Object.fromEntries(
      listed.stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' ') as [string, string]),
    ),
  );
}

function sortedEntries(refs: Record<string, string>): [string, string][] {
  return Object.entries(refs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
