// Run as a child process by migration tests: migrates the database at argv[2] and prints the applied
// migrations as JSON. (better-sqlite3 is synchronous, so concurrent migrations must be separate processes.)
import fs from 'node:fs';
import os from 'node:os';
import { createDatabase } from '../db/createDatabase.ts';
import { migrateToLatest } from '../db/migrate.ts';

const database = createDatabase({
  url: process.argv[2],
  dataDir: fs.mkdtempSync(`${os.tmpdir()}/csoc-migrate-`),
});
try {
  process.stdout.write(JSON.stringify(await migrateToLatest(database)));
} finally {
  await database.close();
}
