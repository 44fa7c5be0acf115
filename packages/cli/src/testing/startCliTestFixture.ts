// What every CLI integration test starts with: a real CSOC on a fresh SQLite database, an org (and a sim
// cloud account when asked), a HOME of its own, and the real `csoc` binary signed in as the admin.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimAccount } from '@csoc/server/testing/simCommons.ts';
import {
  startTestCsoc,
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  type TestCsoc,
} from '@csoc/server/testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '@csoc/server/testing/testDatabases.ts';
import { ensureOrg } from '@csoc/server/testing/testUsers.ts';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/csoc.mjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliTestFixtureOptions {
  org: string;
  /** Settings of the CSOC under test. */
  env?: Record<string, string>;
  /** Creates the org's `sim` cloud account (testing/simCommons.ts). */
  simAccount?: boolean;
  /** CSOC_CLI_ENTRY of the binary; unset runs its default (auto). */
  cliEntry?: 'bundle';
}

export interface CliTestFixture {
  server: TestCsoc;
  /** The binary's HOME (its config and session live under it). */
  home: string;
  /** Runs `csoc <args>` with `input` on stdin; resolves when it exits. */
  csoc(args: string[], input?: string): Promise<CliResult>;
  stop(): Promise<void>;
}

/**
 * Starts the CSOC, the org and a signed-in binary.
 *
 * @example
 * const fixture = await startCliTestFixture({ org: 'cli-alerts', cliEntry: 'bundle' });
 * const listed = await fixture.csoc(['alerts', 'cli-alerts', '-o', 'json']);
 */
export async function startCliTestFixture(options: CliTestFixtureOptions): Promise<CliTestFixture> {
  const server = await startTestCsoc({ databaseUrl: createSqliteTestDatabase(), env: options.env });
  try {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), `csoc-cli-${options.org}-`));
    const csoc = async (args: string[], input = ''): Promise<CliResult> => {
      const child = spawn(process.execPath, [bin, ...args], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          XDG_CONFIG_HOME: path.join(home, 'xdg'),
          ...(options.cliEntry ? { CSOC_CLI_ENTRY: options.cliEntry } : {}),
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const output = { stdout: '', stderr: '' };
      child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
      child.stdin.end(input);
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      return { code, ...output };
    };
    await ensureOrg(server, options.org);
    if (options.simAccount) await createSimAccount(server.admin, options.org);
    const login = await csoc(
      ['login', '--server', server.url, '--email', TEST_ADMIN_EMAIL],
      `${TEST_ADMIN_PASSWORD}\n`,
    );
    if (login.code !== 0) throw new Error(`csoc login failed (${login.code}): ${login.stderr}`);
    return { server, home, csoc, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
