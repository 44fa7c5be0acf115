// The databases every integration test runs on: a fresh SQLite file and a fresh PostgreSQL database
// (inside the throwaway server vitest.globalSetup.ts started, or CSOC_TEST_DATABASE_URL's server).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestDatabaseTarget {
  dialect: 'sqlite' | 'postgres';
  /** Creates a new empty database and returns its URL. */
  create(): Promise<string>;
}

let counter = 0;

export async function createPostgresTestDatabase(): Promise<string> {
  const serverUrl = process.env.CSOC_TEST_DATABASE_URL;
  if (!serverUrl)
    throw new Error(
      'CSOC_TEST_DATABASE_URL is not set; run tests through vitest (its global setup starts PostgreSQL).',
    );
  const name = `csoc_test_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function createSqliteTestDatabase(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-sqlite-'));
  return `sqlite:${path.join(dir, 'csoc.db')}`;
}

export const testDatabaseTargets: TestDatabaseTarget[] = [
  { dialect: 'sqlite', create: async () => createSqliteTestDatabase() },
  { dialect: 'postgres', create: createPostgresTestDatabase },
];
