// The pieces of a restore that CSOC's own schema does not exercise today: parents before children in any
// foreign-key graph, and PostgreSQL sequences moved past restored ids (CSOC's tables use text ids).
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../db/createDatabase.ts';
import { createPostgresTestDatabase } from '../testing/testDatabases.ts';
import { advanceSequences, parentsFirst } from './restoreBackup.ts';

describe('restoring rows', () => {
  it('orders tables so every table follows the tables it references', () => {
    const references = new Map([
      ['memberships', ['users', 'orgs']],
      ['commons', ['orgs']],
      ['deploys', ['commons', 'orgs']],
    ]);
    const order = parentsFirst(
      ['deploys', 'memberships', 'commons', 'users', 'orgs', 'audit_events'],
      references,
    );
    expect(order).toHaveLength(6);
    for (const [child, parents] of references)
      for (const parent of parents) expect(order.indexOf(parent)).toBeLessThan(order.indexOf(child));
  });

  it('moves a PostgreSQL sequence past the ids a restore inserted', async () => {
    const database = createDatabase({ url: await createPostgresTestDatabase(), dataDir: '/nonexistent' });
    try {
      const db = database.db;
      await sql`CREATE TABLE restored_things (id serial PRIMARY KEY, name text NOT NULL)`.execute(db);
      await sql`INSERT INTO restored_things (id, name) VALUES (1, 'a'), (7, 'b')`.execute(db);
      expect(await advanceSequences(db)).toBe(1);
      const next = await sql<{
        id: number;
      }>`INSERT INTO restored_things (name) VALUES ('c') RETURNING id`.execute(db);
      expect(next.rows[0]!.id).toBe(8);
    } finally {
      await database.close();
    }
  });
});
