// An org's second-approver rule end to end on both databases (CSOC_APPROVAL_SEPARATE_APPROVER off, so the
// org's own setting decides): only admins change it (audited, If-Match guarded); an org that requires it
// makes a prod wave stage wait for a second person and refuses a prod run's requester as its approver; an
// org that does not, does neither. Waves run against the SIMULATED Argo CD and commons; runs stay planned
// (no worker: the test moves a queued run to planned, as a worker's plan would, and approves it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInfrastructure } from '../commons/recordInfrastructure.ts';
import type { ApiClient } from '../testing/ApiClient.ts';
import { createSimAccount, simApplyOutputs, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { createSignedInUser, ensureOrg } from '../testing/testUsers.ts';

const STRICT = 'strict-org';
const LAX = 'lax-org';
const POLL = { timeout: 120_000, interval: 200 };

describe.each(testDatabaseTargets)(
  'org second-approver setting on $dialect',
  { timeout: 300_000 },
  (target) => {
    let csoc: TestCsoc;

    beforeAll(async () => {
      csoc = await startTestCsoc({
        databaseUrl: await target.create(),
        env: {
          CSOC_WORKER: 'off',
          CSOC_PROBE_INTERVAL_SECONDS: '1',
          CSOC_SIM_SYNC_DELAY_MS: '100',
          CSOC_DRIFT_CHECK_INTERVAL_MINUTES: '0',
        },
      });
      for (const org of [STRICT, LAX]) {
        await ensureOrg(csoc, org);
        await createSimAccount(csoc.admin, org);
      }
    }, 120_000);
    afterAll(async () => {
      await csoc?.stop();
    });

    async function createCommons(org: string, name: string, environment: 'dev' | 'prod'): Promise<void> {
      const document = simCommonsDocument(
        name,
        {},
        { gen3: { release: '2025.06', hostname: `${name}.sim.example.org` } },
      );
      const created = await csoc.admin.post(`/api/v1/orgs/${org}/commons`, {
        ...document,
        metadata: { ...document.metadata, labels: { group: name } },
        spec: { ...document.spec, environment },
      });
      expect(created.status, created.text).toBe(201);
      await recordInfrastructure(csoc.context.database, created.body.id, {
        status: 'provisioned',
        outputs: simApplyOutputs(name),
      });
    }

    /** A run of the commons requested by `client`, moved to planned as a worker's plan would leave it. */
    async function plannedRun(client: ApiClient, org: string, commons: string): Promise<string> {
      const created = await client.post(`/api/v1/orgs/${org}/commons/${commons}/runs`, { kind: 'plan' });
      expect(created.status, created.text).toBe(201);
      await csoc.context.database.db
        .updateTable('runs')
        .set({ state: 'planned' })
        .where('id', '=', created.body.id)
        .execute();
      return created.body.id;
    }

    it('lets admins change the setting (audited, If-Match guarded) and refuses viewers and operators', async () => {
      const viewer = await createSignedInUser(csoc, `viewer-${target.dialect}@example.org`, STRICT, 'viewer');
      const operator = await createSignedInUser(csoc, `op-${target.dialect}@example.org`, STRICT, 'operator');
      const admin = await createSignedInUser(csoc, `admin-${target.dialect}@example.org`, STRICT, 'admin');

      const defaults = await viewer.get(`/api/v1/orgs/${STRICT}/settings`);
      expect(defaults.status, defaults.text).toBe(200);
      expect(defaults.body).toEqual({
        requireSecondApproverForProd: false,
        requiredByCsoc: false,
        version: 0,
        updatedBy: null,
        updatedAt: null,
      });

      for (const client of [viewer, operator]) {
        const refused = await client.patch(`/api/v1/orgs/${STRICT}/settings`, {
          requireSecondApproverForProd: true,
        });
        expect(refused.status).toBe(403);
      }
      const invalid = await admin.patch(`/api/v1/orgs/${STRICT}/settings`, {
        requireSecondApproverForProd: 'yes',
      });
      expect(invalid.status).toBe(400);
      expect(invalid.text).toContain('requireSecondApproverForProd');

      const changed = await admin.patch(
        `/api/v1/orgs/${STRICT}/settings`,
        { requireSecondApproverForProd: true },
        { 'if-match': defaults.headers.get('etag')! },
      );
      expect(changed.status, changed.text).toBe(200);
      expect(changed.body).toMatchObject({
        requireSecondApproverForProd: true,
        version: 1,
        updatedBy: `admin-${target.dialect}@example.org`,
      });
      const stale = await admin.patch(
        `/api/v1/orgs/${STRICT}/settings`,
        { requireSecondApproverForProd: false },
        { 'if-match': defaults.headers.get('etag')! },
      );
      expect(stale.status).toBe(412);
      expect((await viewer.get(`/api/v1/orgs/${STRICT}/settings`)).body.requireSecondApproverForProd).toBe(
        true,
      );

      const audit = await csoc.admin.get(`/api/v1/orgs/${STRICT}/audit?action=org.settings`);
      const outcomes = audit.body.items.map((item: { outcome: string; actor: { label: string } }) => [
        item.actor.label,
        item.outcome,
      ]);
      expect(outcomes).toContainEqual([`admin-${target.dialect}@example.org`, 'success']);
      expect(
        audit.body.items.find((item: { outcome: string }) => item.outcome === 'success').summary,
      ).toEqual({
        requireSecondApproverForProd: { from: false, to: true },
      });
    });

    it('makes a prod wave stage wait for a second person in an org that requires it, and not in one that does not', async () => {
      const strictRule = await csoc.admin.get(`/api/v1/orgs/${STRICT}/settings`);
      if (!strictRule.body.requireSecondApproverForProd)
        expect(
          (await csoc.admin.patch(`/api/v1/orgs/${STRICT}/settings`, { requireSecondApproverForProd: true }))
            .status,
        ).toBe(200);
      await createCommons(STRICT, 'strict-prod', 'prod');
      await createCommons(LAX, 'lax-prod', 'prod');

      const strict = await csoc.admin.post(`/api/v1/orgs/${STRICT}/waves`, {
        name: 'strict-wave',
        selector: 'group=strict-prod',
        targetRelease: '2025.07',
        soakSeconds: 0,
      });
      expect(strict.status, strict.text).toBe(201);
      expect(strict.body.stages[0].needsApproval).toBe(true);
      await expect
        .poll(async () => (await csoc.admin.get(`/api/v1/orgs/${STRICT}/waves/strict-wave`)).body.state, POLL)
        .toBe('awaiting_approval');
      const self = await csoc.admin.post(`/api/v1/orgs/${STRICT}/waves/strict-wave/approve`, {});
      expect(self.status).toBe(403);
      expect(self.body.error.message).toContain('you created this wave');
      const approver = await createSignedInUser(
        csoc,
        `approver-${target.dialect}@example.org`,
        STRICT,
        'admin',
      );
      const approved = await approver.post(`/api/v1/orgs/${STRICT}/waves/strict-wave/approve`, {});
      expect(approved.status, approved.text).toBe(200);
      expect(approved.body.stages[0].approvedBy).toBe(`approver-${target.dialect}@example.org`);

      const lax = await csoc.admin.post(`/api/v1/orgs/${LAX}/waves`, {
        name: 'lax-wave',
        selector: 'group=lax-prod',
        targetRelease: '2025.07',
        soakSeconds: 0,
      });
      expect(lax.status, lax.text).toBe(201);
      expect(lax.body.stages[0].needsApproval).toBe(false);
      await expect
        .poll(async () => (await csoc.admin.get(`/api/v1/orgs/${LAX}/waves/lax-wave`)).body.state, POLL)
        .toBe('completed');
      const timeline = await csoc.admin.get(`/api/v1/orgs/${LAX}/waves/lax-wave/events`);
      expect(timeline.body.items.map((event: { kind: string }) => event.kind)).not.toContain(
        'awaiting-approval',
      );
    });

    it("refuses a prod run's requester as its approver only where the org requires a second person", async () => {
      const strictRule = await csoc.admin.get(`/api/v1/orgs/${STRICT}/settings`);
      if (!strictRule.body.requireSecondApproverForProd)
        await csoc.admin.patch(`/api/v1/orgs/${STRICT}/settings`, { requireSecondApproverForProd: true });
      await createCommons(STRICT, 'strict-run-prod', 'prod');
      await createCommons(STRICT, 'strict-run-dev', 'dev');
      await createCommons(LAX, 'lax-run-prod', 'prod');

      const prodRun = await plannedRun(csoc.admin, STRICT, 'strict-run-prod');
      const refused = await csoc.admin.post(`/api/v1/orgs/${STRICT}/runs/${prodRun}/approve`, {});
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('approver_is_requester');
      expect(refused.body.error.message).toContain('This org requires a second person');
      const other = await createSignedInUser(
        csoc,
        `run-approver-${target.dialect}@example.org`,
        STRICT,
        'admin',
      );
      const approvedByOther = await other.post(`/api/v1/orgs/${STRICT}/runs/${prodRun}/approve`, {});
      expect(approvedByOther.status, approvedByOther.text).toBe(200);
      expect(approvedByOther.body.state).toBe('applying');

      for (const [org, commons] of [
        [STRICT, 'strict-run-dev'],
        [LAX, 'lax-run-prod'],
      ] as const) {
        const run = await plannedRun(csoc.admin, org, commons);
        const self = await csoc.admin.post(`/api/v1/orgs/${org}/runs/${run}/approve`, {});
        expect(self.status, `${org}/${commons}: ${self.text}`).toBe(200);
        expect(self.body.state).toBe('applying');
      }
    });
  },
);
