// The SQLite database holds password hashes, sessions and sealed secrets: its folder, the file and its
// WAL companions must be readable by CSOC's user only, whatever the umask.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from './createDatabase.ts';
import { migrateToLatest } from './migrate.ts';

const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

describe('createDatabase (SQLite files)', () => {
  let previousUmask: number;
  beforeEach(() => {
    // The usual umask: without care, SQLite would create csoc.db and csoc.db-wal world-readable (0644).
    previousUmask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(previousUmask);
  });

  it('creates the folder 0700 and csoc.db, csoc.db-wal and csoc.db-shm 0600', async () => {
    const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-db-modes-')), 'data');
    const database = createDatabase({ dataDir: folder });
    try {
      await migrateToLatest(database);
      const file = path.join(folder, 'csoc.db');
      expect(fs.existsSync(`${file}-wal`)).toBe(true);
      expect({
        folder: modeOf(folder),
        db: modeOf(file),
        wal: modeOf(`${file}-wal`),
        shm: modeOf(`${file}-shm`),
      }).toEqual({ folder: '700', db: '600', wal: '600', shm: '600' });
    } finally {
      await database.close();
    }
  });

  it('tightens a database an earlier version left world-readable', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-db-modes-'));
    const file = path.join(folder, 'elsewhere.db');
    const first = createDatabase({ url: `sqlite:${file}`, dataDir: folder });
    await migrateToLatest(first);
    await first.close();
    fs.chmodSync(file, 0o644);
    const again = createDatabase({ url: `sqlite:${file}`, dataDir: folder });
    try {
      await migrateToLatest(again);
      expect([modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)]).toEqual(['600', '600', '600']);
    } finally {
      await again.close();
    }
  });
});

const now = () => new Date().toISOString();

describe('createDatabase (one SQLite file opened twice in one process)', () => {
  it('lets one handle write while the other holds a write transaction across awaits, and stays open until both close', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-db-shared-'));
    const first = createDatabase({ dataDir: folder });
    const second = createDatabase({ url: `sqlite:${path.join(folder, 'csoc.db')}`, dataDir: folder });
    await migrateToLatest(first);
    const insertOrg = (database: typeof first, slug: string) =>
      database.db
        .insertInto('orgs')
        .values({ id: slug, slug, name: slug, created_at: now(), updated_at: now(), version: 1 })
        .execute();
    // With two connections, the second insert would spin in SQLite's busy wait on this very thread while
    // the first transaction waits for a timer that can never fire, and fail with "database is locked".
    const transaction = first.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('orgs')
        .values({ id: 'held', slug: 'held', name: 'held', created_at: now(), updated_at: now(), version: 1 })
        .execute();
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    await Promise.all([transaction, insertOrg(second, 'waiting')]);
    await first.close();
    const slugs = await second.db.selectFrom('orgs').select('slug').orderBy('slug').execute();
    expect(slugs.map((row) => row.slug)).toEqual(['held', 'waiting']);
    await second.close();
    await expect(second.db.selectFrom('orgs').select('slug').execute()).rejects.toThrow();
  });
});
