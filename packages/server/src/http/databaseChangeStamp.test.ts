// The database change stamp behind cached list pages (ADR 0066): unchanged while nothing is written, and
// changed by any write — this process's, or another process's on the same database.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type CsocDatabase } from '../db/createDatabase.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { databaseChangeStamps, type DatabaseChangeStamps } from './databaseChangeStamp.ts';

const betterSqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');

/** Inserts a row from another process (SQLite) or another connection (PostgreSQL): another replica. */
async function insertElsewhere(databaseUrl: string, value: string): Promise<void> {
  if (databaseUrl.startsWith('sqlite:')) {
    const script = `const Database = require(${JSON.stringify(betterSqlitePath)});
      const db = new Database(process.argv[1]); db.pragma('busy_timeout = 15000');
      db.prepare('insert into stamp_probe (value) values (?)').run(process.argv[2]); db.close();`;
    execFileSync(process.execPath, ['-e', script, databaseUrl.slice('sqlite:'.length), value], {
      timeout: 60_000,
    });
    return;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('insert into stamp_probe (value) values ($1)', [value]);
  } finally {
    await client.end();
  }
}

describe.each(testDatabaseTargets)('the database change stamp on $dialect', (target) => {
  let databaseUrl: string;
  let database: CsocDatabase;
  let stamps: DatabaseChangeStamps;
  beforeAll(async () => {
    databaseUrl = await target.create();
    database = createDatabase({ url: databaseUrl, dataDir: '/nonexistent' });
    await sql`create table stamp_probe (value text not null)`.execute(database.db);
    stamps = databaseChangeStamps(database);
  }, 60_000);
  afterAll(async () => {
    stamps?.close();
    await database?.close();
  });

  const readValues = (stamped: DatabaseChangeStamps) =>
    stamped.readStamped(async (db) =>
      (await sql<{ value: string }>`select value from stamp_probe order by value`.execute(db)).rows.map(
        (row) => row.value,
      ),
    );

  it('stays the same while nothing is written, and matches the stamp of a read', async () => {
    // PostgreSQL's snapshot also moves with other databases' transactions on the same server (other test
    // files): a miss there is harmless, so this waits, boundedly, for two quiet reads in a row.
    let quiet = false;
    for (let attempt = 0; attempt < 50 && !quiet; attempt++) {
      const read = await readValues(stamps);
      quiet = read.stamp === (await stamps.current());
    }
    expect(quiet).toBe(true);
  });

  it('changes when this process writes', async () => {
    const before = await readValues(stamps);
    await sql`insert into stamp_probe (value) values ('mine')`.execute(database.db);
    expect(await stamps.current()).not.toBe(before.stamp);
    const after = await readValues(stamps);
    expect(after.value).toContain('mine');
  });

  it('changes when another process or connection writes', async () => {
    const before = await readValues(stamps);
    expect(before.value).not.toContain('elsewhere');
    await insertElsewhere(databaseUrl, 'elsewhere');
    expect(await stamps.current()).not.toBe(before.stamp);
    expect((await readValues(stamps)).value).toContain('elsewhere');
  });
});
