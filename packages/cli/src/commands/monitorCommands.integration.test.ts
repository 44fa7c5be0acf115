// `csoc status --watch` and `csoc incidents`, the real binary against a real CSOC (SQLite, sim plugin, the
// embedded SIMULATED Argo CD and commons endpoints, probes every second): a fault injected into the
// simulator shows up in the watched status as it happens, and as an incident afterwards.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimAccount, simCommonsDocument, waitForRun } from '@csoc/server/testing/simCommons.ts';
import {
  startTestCsoc,
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  type TestCsoc,
} from '@csoc/server/testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '@csoc/server/testing/testDatabases.ts';
import { ensureOrg } from '@csoc/server/testing/testUsers.ts';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/csoc.mjs');
const ORG = 'watch-org';
const POLL = { timeout: 60_000, interval: 200 };

describe('csoc status --watch and csoc incidents (SQLite, SIMULATED commons)', () => {
  let server: TestCsoc;
  let home: string;

  const env = () => ({
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'xdg'),
    CSOC_CLI_ENTRY: 'bundle',
  });

  function start(args: string[], input = '') {
    const child = spawn(process.execPath, [bin, ...args], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
    child.stdin.end(input);
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    return { child, output, exited };
  }

  async function csoc(args: string[], input = '') {
    const run = start(args, input);
    const code = await run.exited;
    return { code, ...run.output };
  }

  async function injectFault(body: Record<string, unknown>) {
    const response = await fetch(`${server.context.simArgoCdUrl}/sim-control/faults/${ORG}/alpha`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${server.context.simArgoCdToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.text()).toBe(200);
  }

  beforeAll(async () => {
    server = await startTestCsoc({
      databaseUrl: createSqliteTestDatabase(),
      env: { CSOC_PROBE_INTERVAL_SECONDS: '1', CSOC_SIM_SYNC_DELAY_MS: '100' },
    });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-cli-watch-'));
    await ensureOrg(server, ORG);
    await createSimAccount(server.admin, ORG);
    const created = await server.admin.post(
      `/api/v1/orgs/${ORG}/commons`,
      simCommonsDocument(
        'alpha',
        { simulation: { resourceDelaySeconds: 0 } },
        { gen3: { release: '2025.06', hostname: 'alpha.sim.example.org' } },
      ),
    );
    expect(created.status, created.text).toBe(201);
    // The real infrastructure path: plan, approve, apply (sim plugin, Terraform), then deploy.
    const run = await server.admin.post(`/api/v1/orgs/${ORG}/commons/alpha/runs`, { kind: 'plan' });
    expect((await waitForRun(server.admin, ORG, run.body.id, ['planned'], 180_000)).state).toBe('planned');
    await server.admin.post(`/api/v1/orgs/${ORG}/runs/${run.body.id}/approve`);
    expect((await waitForRun(server.admin, ORG, run.body.id, [], 180_000)).state).toBe('succeeded');
    const login = await csoc(
      ['login', '--server', server.url, '--email', TEST_ADMIN_EMAIL],
      `${TEST_ADMIN_PASSWORD}\n`,
    );
    expect(login.code, login.stderr).toBe(0);
    const deploy = await csoc(['deploy', `${ORG}/alpha`, '--wait']);
    expect(deploy.code, deploy.stderr).toBe(0);
  }, 400_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('watches the status change as a service fails, then lists the incident', async () => {
    await expect
      .poll(
        async () => JSON.parse((await csoc(['status', `${ORG}/alpha`, '-o', 'json'])).stdout).health.state,
        POLL,
      )
      .toBe('healthy');
    const watch = start(['status', `${ORG}/alpha`, '--watch', '--interval', '0.5']);
    try {
      await expect.poll(() => watch.output.stdout, POLL).toMatch(/healthy/);
      await injectFault({ service: 'fence', fault: 'down' });
      await expect
        .poll(() => watch.output.stdout, POLL)
        .toMatch(/degraded: fence down: \/user\/_status answered 500/);
    } finally {
      watch.child.kill('SIGINT');
    }
    expect(await watch.exited, watch.output.stderr).toBe(0);
    // Each change printed once, introduced by the time it was seen.
    expect(watch.output.stderr).toMatch(/^— \d{4}-\d\d-\d\dT/m);

    const incidents = await csoc(['incidents', `${ORG}/alpha`, '--open']);
    expect(incidents.code, incidents.stderr).toBe(0);
    expect(incidents.stdout).toMatch(/ongoing\s+fence\s+down\s+\/user\/_status answered 500/);
    await injectFault({ service: 'fence', fault: 'none' });
    await expect
      .poll(async () => (await csoc(['incidents', `${ORG}/alpha`, '--open', '-o', 'json'])).stdout, POLL)
      .toBe('[]\n');
  }, 180_000);
});
