// Where CSOC's database is, read the way createDatabase.ts reads CSOC_DATABASE_URL: a backup opens its
// own connection to the same place, and a restore checks that place is empty.
import path from 'node:path';

export function isPostgresUrl(url: string | undefined): boolean {
  return /^postgres(ql)?:\/\//.test(url ?? '');
}

/** The SQLite file of a sqlite: URL, or DATA_DIR/csoc.db when no URL is set. */
export function sqliteFileOf(url: string | undefined, dataDir: string): string {
  return url?.startsWith('sqlite:') ? url.slice('sqlite:'.length) : path.join(dataDir, 'csoc.db');
}

/** host:port/database of a PostgreSQL URL, never its password. */
export function describeDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  return `postgres://${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}
