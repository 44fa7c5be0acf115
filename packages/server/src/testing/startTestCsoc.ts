// Boots a real CSOC (real database, real HTTP on a free loopback port) for an integration test, with its
// logs and announcements captured so tests can search them for leaked secrets.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../config/loadConfig.ts';
import { startCsoc, type RunningCsoc } from '../startCsoc.ts';
import { ApiClient } from './ApiClient.ts';

export const TEST_ADMIN_EMAIL = 'admin@example.org';
export const TEST_ADMIN_PASSWORD = 'correct-horse-battery-staple';

export interface TestCsoc extends RunningCsoc {
  /** Every log line and announcement the server wrote so far. */
  capturedOutput(): string;
  /** A client signed in as the bootstrap platform admin. */
  admin: ApiClient;
  /** A new client with no credentials. */
  anonymous(): ApiClient;
  dataDir: string;
}

export async function startTestCsoc(options: {
  databaseUrl: string;
  env?: Record<string, string>;
}): Promise<TestCsoc> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-data-'));
  const config = loadConfig({
    CSOC_PORT: '0',
    CSOC_DATA_DIR: dataDir,
    CSOC_DATABASE_URL: options.databaseUrl,
    CSOC_ADMIN_EMAIL: TEST_ADMIN_EMAIL,
    CSOC_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    CSOC_LOG_LEVEL: 'info',
    ...options.env,
  });
  const chunks: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  const running = await startCsoc({ config, logDestination, announce: (message) => chunks.push(message) });
  const admin = new ApiClient(running.url);
  await admin.login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
  return {
    ...running,
    dataDir,
    admin,
    anonymous: () => new ApiClient(running.url),
    capturedOutput: () => chunks.join(''),
  };
}
