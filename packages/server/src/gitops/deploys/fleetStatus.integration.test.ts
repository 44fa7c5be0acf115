// The fleet-wide status when the org's Argo CD does not answer: the call still succeeds with what the
// database knows (last deploy, deployed release, drift checks), says Argo CD could not be read and why,
// and never shows the Argo CD token.
import { newId } from '@csoc/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimAccount, simCommonsDocument } from '../../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../../testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '../../testing/testDatabases.ts';
import { findFreePort } from '../../testing/startThrowawayPostgres.ts';
import { ensureOrg } from '../../testing/testUsers.ts';

const TOKEN = 'argocd-token-canary-7c1e';

describe('fleet status with an unreachable Argo CD (SQLite)', () => {
  let csoc: TestCsoc;

  beforeAll(async () => {
    // Nothing listens on this port: every Argo CD call fails to connect.
    const closedPort = await findFreePort();
    csoc = await startTestCsoc({
      databaseUrl: createSqliteTestDatabase(),
      env: { CSOC_ARGOCD_URL: `http://127.0.0.1:${closedPort}`, CSOC_ARGOCD_TOKEN: TOKEN },
    });
    await ensureOrg(csoc, 'dark-org');
    await createSimAccount(csoc.admin, 'dark-org');
    const created = await csoc.admin.post('/api/v1/orgs/dark-org/commons', simCommonsDocument('unseen'));
    expect(created.status, created.text).toBe(201);
    const org = (await csoc.admin.get('/api/v1/orgs/dark-org')).body;
    const now = new Date().toISOString();
    await csoc.context.database.db
      .insertInto('deploys')
      .values({
        id: newId(),
        org_id: org.id,
        commons_id: created.body.id,
        revision: 1,
        release: '2025.06',
        commit_sha: 'b'.repeat(40),
        diff: '',
        status: 'healthy',
        message: 'Synced and Healthy',
        timeline: '[]',
        requested_by: 'test',
        requested_by_id: 'test',
        created_at: now,
        finished_at: now,
        follower_id: null,
        follower_lease_expires_at: null,
      })
      .execute();
  }, 60_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  it('answers from the database and says Argo CD could not be read, without its token', async () => {
    const fleet = await csoc.admin.get('/api/v1/orgs/dark-org/fleet/status');
    expect(fleet.status, fleet.text).toBe(200);
    expect(fleet.body.argocd.reachable).toBe(false);
    expect(fleet.body.argocd.message).toMatch(/unreachable/);
    expect(fleet.body.items).toEqual([
      expect.objectContaining({
        commons: 'unseen',
        sync: null,
        health: null,
        deployedRelease: '2025.06',
        lastDeploy: expect.objectContaining({ status: 'healthy', release: '2025.06' }),
      }),
    ]);
    expect(fleet.text).not.toContain(TOKEN);
    expect(csoc.capturedOutput()).not.toContain(TOKEN);
  });
});
