// `csoc waves`, the real binary against a real CSOC (SQLite, SIMULATED Argo CD): an operator starts a wave
// over labelled commons, follows it to completion, lists it, and a pause of a finished wave is refused.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSimInfrastructure } from '@csoc/server/testing/recordSimInfrastructure.ts';
import { createSimAccount, simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import {
  startTestCsoc,
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  type TestCsoc,
} from '@csoc/server/testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '@csoc/server/testing/testDatabases.ts';
import { ensureOrg } from '@csoc/server/testing/testUsers.ts';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/csoc.mjs');
const ORG = 'cli-wave-org';

describe('csoc waves (SQLite, SIMULATED Argo CD)', { timeout: 240_000 }, () => {
  let server: TestCsoc;
  let home: string;

  async function csoc(args: string[], input = '') {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, 'xdg') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
    child.stdin.end(input);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, ...output };
  }

  beforeAll(async () => {
    server = await startTestCsoc({
      databaseUrl: createSqliteTestDatabase(),
      env: {
        CSOC_PROBE_INTERVAL_SECONDS: '0',
        CSOC_DRIFT_CHECK_INTERVAL_MINUTES: '0',
        CSOC_SIM_SYNC_DELAY_MS: '100',
      },
    });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-cli-waves-'));
    await ensureOrg(server, ORG);
    await createSimAccount(server.admin, ORG);
    for (const name of ['alpha', 'beta']) {
      const document = simCommonsDocument(
        name,
        {},
        { gen3: { release: '2025.06', hostname: `${name}.sim.example.org` } },
      );
      const created = await server.admin.post(`/api/v1/orgs/${ORG}/commons`, {
        ...document,
        metadata: { name, labels: { ring: 'one' } },
      });
      expect(created.status, created.text).toBe(201);
      await recordSimInfrastructure(server, created.body.id, name);
    }
    const login = await csoc(
      ['login', '--server', server.url, '--email', TEST_ADMIN_EMAIL],
      `${TEST_ADMIN_PASSWORD}\n`,
    );
    expect(login.code, login.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('starts a wave over labelled commons and follows it to completion', async () => {
    const created = await csoc([
      'waves',
      'create',
      `${ORG}/ring-one`,
      '-l',
      'ring=one',
      '--to',
      '2025.07',
      '--canary',
      'alpha',
      '--soak',
      '0',
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('ring-one');

    const followed = await csoc(['waves', 'get', `${ORG}/ring-one`, '--follow']);
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toMatch(/completed stage/);
    expect(followed.stdout).toMatch(/alpha\s+0\s+done\s+2025\.07/);
    expect(followed.stdout).toMatch(/beta\s+1\s+done\s+2025\.07/);

    const list = await csoc(['waves', 'list', '--org', ORG, '-o', 'json']);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ name: 'ring-one', state: 'completed' }),
    ]);
    const pause = await csoc(['waves', 'pause', `${ORG}/ring-one`]);
    expect(pause.code).not.toBe(0);
    expect(pause.stderr).toContain('is completed');
  });
});
