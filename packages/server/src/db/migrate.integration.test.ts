// Migrations run at start by every process; several processes starting at once against one empty
// database must all end with the full schema and no error, each migration applied exactly once.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { testDatabaseTargets } from '../testing/testDatabases.ts';

const script = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../testing/migrateInChildProcess.ts',
);
const run = promisify(execFile);

describe.each(testDatabaseTargets)('migrations on $dialect', (target) => {
  it('are safe when several processes migrate the same empty database at once', async () => {
    const url = await target.create();
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        run(process.execPath, ['--import', 'tsx', script, url], { env: { PATH: process.env.PATH ?? '' } }),
      ),
    );
    const applied = results.flatMap((result) => JSON.parse(result.stdout) as string[]);
    expect(new Set(applied).size).toBe(applied.length);
    expect(applied.length).toBeGreaterThan(5);
    const again = await run(process.execPath, ['--import', 'tsx', script, url]);
    expect(JSON.parse(again.stdout)).toEqual([]);
  }, 60_000);
});
