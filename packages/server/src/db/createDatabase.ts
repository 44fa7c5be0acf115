// Opens CSOC's database: SQLite (better-sqlite3) in the data dir by default, PostgreSQL when the URL
// says so. Both speak through one Kysely query layer; see migrate.ts for the shared migrations.
import Sqlite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { cacheSqliteStatements } from './cacheSqliteStatements.ts';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface CsocDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  /** A description safe to log: the file path or host/database, never a password. */
  description: string;
  close(): Promise<void>;
}

export interface CreateDatabaseOptions {
  /** postgres://..., sqlite:/path, or undefined for DATA_DIR/csoc.db */
  url?: string;
  dataDir: string;
  /** Most connections a PostgreSQL pool opens. */
  poolSize?: number;
}

// int8 (COUNT, BIGINT sums) arrives as a string from pg; every such value CSOC stores fits in a double.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export function createDatabase(options: CreateDatabaseOptions): CsocDatabase {
  const url = options.url ?? '';
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options.poolSize ?? 10);
  const file = url.startsWith('sqlite:')
    ? url.slice('sqlite:'.length)
    : path.join(options.dataDir, 'csoc.db');
  return openSqlite(file);
}

/** SQLite's companions of a database file; SQLite creates them with the database file's mode. */
const SQLITE_FILE_SUFFIXES = ['', '-wal', '-shm', '-journal'];

/**
 * The SQLite databases this process has open, by absolute path, with how many handles use each. Two app
 * contexts of one process (a second replica in a test, the key rotation) on one file share one connection:
 * with two, a write on one connection would wait for the other's write lock in a synchronous busy loop that
 * blocks the very event loop the other needs to commit, until "database is locked". One connection's
 * Kysely driver queues them instead (one transaction at a time), as within one context today.
 */
const openSqliteFiles = new Map<string, { db: Kysely<Database>; handles: number }>();

function openSqlite(file: string): CsocDatabase {
  if (file === ':memory:') return sqliteHandle(file, openSqliteConnection(file), () => {});
  const key = path.resolve(file);
  const shared = openSqliteFiles.get(key);
  if (shared) {
    shared.handles += 1;
    return sqliteHandle(file, shared.db, () => releaseSqliteFile(key));
  }
  const db = openSqliteConnection(file);
  openSqliteFiles.set(key, { db, handles: 1 });
  return sqliteHandle(file, db, () => releaseSqliteFile(key));
}

/** Drops one handle; the connection closes with the last (returns true when it must be destroyed). */
function releaseSqliteFile(key: string): boolean {
  const shared = openSqliteFiles.get(key);
  if (!shared) return false;
  shared.handles -= 1;
  if (shared.handles > 0) return false;
  openSqliteFiles.delete(key);
  return true;
}

function sqliteHandle(file: string, db: Kysely<Database>, release: () => boolean | void): CsocDatabase {
  let closed = false;
  return {
    db,
    dialect: 'sqlite',
    description: `sqlite:${file}`,
    close: async () => {
      if (closed) return;
      closed = true;
      if (release() !== false) await db.destroy();
    },
  };
}

function openSqliteConnection(file: string): Kysely<Database> {
  if (file !== ':memory:') restrictSqliteFiles(file);
  const connection = new Sqlite(file);
  // WAL lets readers run beside the one writer; busy_timeout makes a second process wait, not fail.
  connection.pragma('journal_mode = WAL');
  connection.pragma('busy_timeout = 15000');
  connection.pragma('foreign_keys = ON');
  connection.pragma('synchronous = NORMAL');
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: cacheSqliteStatements(connection) }),
  });
}

/**
 * The database holds password hashes, sessions and sealed secrets: only CSOC's user may read it. Creates
 * the folder (0700) and an empty database file (0600) before SQLite opens it, so that -wal and -shm, which
 * SQLite creates with the database file's mode, are 0600 too whatever the umask; and tightens the files
 * of a database an earlier version created world-readable.
 */
function restrictSqliteFiles(file: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_RDWR, 0o600));
  for (const suffix of SQLITE_FILE_SUFFIXES) {
    const stat = fs.statSync(file + suffix, { throwIfNoEntry: false });
    if (stat && (stat.mode & 0o077) !== 0 && stat.uid === process.getuid?.())
      fs.chmodSync(file + suffix, stat.mode & 0o700);
  }
}

function openPostgres(url: string, poolSize: number): CsocDatabase {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);
  return {
    db,
    dialect: 'postgres',
    description: `postgres://${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    close: () => db.destroy(),
  };
}
