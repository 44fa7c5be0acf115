// `csoc bulk plan|drift|get|approve`, the real binary against a real CSOC (SQLite) with the sim plugin (real
// Terraform): plans chosen by label selector, the approval command it prints, every apply waited for, then
// a drift check of the applied commons by name; a selection given two ways is a usage error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import { TEST_ADMIN_EMAIL, type TestCsoc } from '@csoc/server/testing/startTestCsoc.ts';
import { startCliTestFixture, type CliTestFixture } from '../testing/startCliTestFixture.ts';

const ORG = 'cli-bulk';

describe('csoc bulk (SQLite)', () => {
  let server: TestCsoc;
  let fixture: CliTestFixture;

  const csoc = (args: string[], input?: string) => fixture.csoc(args, input);

  beforeAll(async () => {
    fixture = await startCliTestFixture({
      org: ORG,
      env: { CSOC_PROBE_INTERVAL_SECONDS: '0', CSOC_DRIFT_CHECK_INTERVAL_MINUTES: '0' },
      simAccount: true,
      cliEntry: 'bundle',
    });
    server = fixture.server;
    for (const [name, env] of [
      ['alpha', 'prod'],
      ['beta', 'prod'],
      ['gamma', 'dev'],
    ] as const) {
      const document = simCommonsDocument(name, { simulation: { resourceDelaySeconds: 0 } });
      const created = await server.admin.post(`/api/v1/orgs/${ORG}/commons`, {
        ...document,
        metadata: { ...document.metadata, labels: { env } },
      });
      expect(created.status, created.text).toBe(201);
    }
  }, 120_000);
  afterAll(async () => {
    await fixture?.stop();
  });

  it('plans the prod commons by label, approves them all with the printed command, and checks drift', async () => {
    const twoWays = await csoc(['bulk', 'plan', '--org', ORG, '-l', 'env=prod', 'alpha']);
    expect(twoWays.code).toBe(2);
    expect(twoWays.stderr).toContain('-l SELECTOR');

    const plan = await csoc(['bulk', 'plan', '--org', ORG, '-l', 'env=prod', '--wait']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/alpha\s+\S+\s+planned\s+\+\d+ ~0 -0/);
    expect(plan.stdout).toMatch(/beta\s+\S+\s+planned/);
    expect(plan.stdout).not.toContain('gamma');
    expect(plan.stderr).toMatch(/2 commons: would add \d+, change 0, destroy 0; 2 planned/);
    const approveLine = plan.stderr.match(/csoc bulk approve --org cli-bulk ((?:[0-9a-f-]{36} ?)+)/);
    expect(approveLine, plan.stderr).not.toBeNull();
    const runIds = approveLine![1]!.trim().split(' ');
    expect(runIds).toHaveLength(2);

    const approve = await csoc(['bulk', 'approve', '--org', ORG, ...runIds, '--wait']);
    expect(approve.code, approve.stderr).toBe(0);
    expect(approve.stderr).toContain('Approving these plans:');
    expect(approve.stdout).toMatch(/alpha\s+\S+\s+succeeded/);
    expect(approve.stdout).toMatch(/beta\s+\S+\s+succeeded/);

    const read = await csoc(['bulk', 'get', '--org', ORG, ...runIds, '-o', 'json']);
    expect(read.code, read.stderr).toBe(0);
    const bulk = JSON.parse(read.stdout);
    expect(bulk.summary).toMatchObject({ commons: 2, succeeded: 2, failed: 0 });
    expect(bulk.items.map((item: { run: { approvedBy: string } }) => item.run.approvedBy)).toEqual([
      TEST_ADMIN_EMAIL,
      TEST_ADMIN_EMAIL,
    ]);

    // gamma has nothing applied: it gets no drift check, said per commons, and the command exits 3.
    const drift = await csoc(['bulk', 'drift', '--org', ORG, 'alpha', 'gamma', '--wait']);
    expect(drift.code, drift.stderr).toBe(3);
    expect(drift.stdout).toMatch(/alpha\s+\S+\s+succeeded\s+\S+\s+false/);
    expect(drift.stdout).toMatch(/gamma\s+-\s+not started.*no applied infrastructure/i);
  }, 300_000);
});
