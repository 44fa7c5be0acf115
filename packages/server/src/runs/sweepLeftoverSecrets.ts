// Removes secret files that a killed worker left on this host's tmpfs: a folder `<runId>-<verb>` whose
// run is no longer executing holds credentials nobody needs. Folders of runs still executing (possibly
// under another worker on the same host) are left alone.
import fs from 'node:fs';
import path from 'node:path';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { createHash } from 'node:crypto';

const FOLDER = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-[a-z]+$/;

/**
 * The secret-files folder of one CSOC installation: on the host's tmpfs when there is one, namespaced by
 * the database, so several installations (or parallel test runs) on one host never touch each other's.
 */
export function secretsBaseFor(database: CsocDatabase, dataDir: string): string {
  const namespace = createHash('sha256').update(database.description).digest('hex').slice(0, 12);
  return fs.existsSync('/dev/shm')
    ? path.join('/dev/shm', 'csoc-secrets', namespace)
    : path.join(dataDir, 'runs', '.secrets', namespace);
}

export async function sweepLeftoverSecrets(database: CsocDatabase, base: string): Promise<number> {
  if (!fs.existsSync(base)) return 0;
  const folders = fs.readdirSync(base).filter((name) => FOLDER.test(name));
  if (folders.length === 0) return 0;
  const runIds = [...new Set(folders.map((name) => FOLDER.exec(name)![1]!))];
  const executing = new Set(
    (
      await database.db
        .selectFrom('runs')
        .select('id')
        .where('id', 'in', runIds)
        .where('state', 'in', ['running', 'applying'])
        .execute()
    ).map((row) => row.id),
  );
  let removed = 0;
  for (const name of folders) {
    if (executing.has(FOLDER.exec(name)![1]!)) continue;
    fs.rmSync(path.join(base, name), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}
