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
