// The Cluster tab in a real browser (Debian's Chromium) against a real CSOC (SQLite, the simulated Argo CD):
// a commons labelled csoc.gen3.org/agent: enabled first says no agent is connected and how to enable one;
// once deployed with its join token in the simulated secret manager, the simulator runs the real agent link
// against a simulated cluster, and the tab shows the commons' workloads with their release match, a pod's
// followed log (searched), and an operator's usersync run with its confirmation and live output; on a prod
// commons only a role at CSOC_APPROVER_MIN_ROLE sees Approve, another operator sees it waiting; a viewer
// sees the same without any action; a namespace bigger than a page shows "Load more pods", and a pod with
// a sidecar asks which container's log to show; revoking the agent ends the open log stream saying so.
import { createAgentLink, startSimulatedCommonsCluster } from '@csoc/agent';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { recordSimInfrastructure } from '@csoc/server/testing/recordSimInfrastructure.ts';
import { createSimAccount, simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '@csoc/server/testing/startTestCsoc.ts';
import { createSignedInUser, ensureOrg, TEST_USER_PASSWORD } from '@csoc/server/testing/testUsers.ts';
import { describeViolations, seriousViolations } from './axeAudit.ts';
import { usePortalFixture } from './portalFixture.ts';
import { saveScreenshot } from './portalTestSteps.ts';
import { readerUserYaml } from '@csoc/server/testing/readerUserYaml.ts';

const ORG = 'cluster-view-org';
const COMMONS = 'live-view';
const AGENT_LABEL = 'csoc.gen3.org/agent';
/** Deploys, the agent's enrolment and the simulated cluster's ticks poll; a busy machine is slow. */
const POLL = { timeout: 120_000, interval: 500 };
const SLOW = { timeout: 120_000 };

describe('the Cluster tab in Chromium', { timeout: 600_000 }, () => {
  const portal = usePortalFixture({
    stepsName: 'cluster-tab',
    env: {
      CSOC_SIM_SYNC_DELAY_MS: '100',
      CSOC_DEPLOY_TIMEOUT_SECONDS: '120',
      CSOC_PROBE_INTERVAL_SECONDS: '0',
    },
  });
  const clusterTab = () => `${portal.csoc.url}/orgs/${ORG}/commons/${COMMONS}?tab=cluster`;
  const base = `/api/v1/orgs/${ORG}/commons/${COMMONS}`;
  const workloadRow = (page: Page, name: string) =>
    page.getByRole('table', { name: 'Workloads' }).getByTestId(`workload-${name}`);

  it('says no agent is connected and how to enable one', async () => {
    await ensureOrg(portal.csoc, ORG);
    await createSimAccount(portal.csoc.admin, ORG);
    const document = simCommonsDocument(
      COMMONS,
      {},
      { gen3: { release: '2025.06', hostname: `${COMMONS}.sim.example.org` } },
    );
    const created = await portal.csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, {
      ...document,
      metadata: { ...document.metadata, labels: { [AGENT_LABEL]: 'enabled' } },
    });
    expect(created.status, created.text).toBe(201);
    await recordSimInfrastructure(portal.csoc, created.body.id, COMMONS);
    await portal.signInToFleet(portal.admin, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await portal.admin.goto(clusterTab());
    const noAgent = portal.admin.getByTestId('no-agent');
    await noAgent.getByText('No agent connected').waitFor(SLOW);
    await noAgent.getByText('csoc-agent-join-token', { exact: false }).waitFor();
    await saveScreenshot(portal.admin, 'cluster-no-agent');
  }, 180_000);

  it('shows the workloads of the deployed commons through its agent, with their release match', async () => {
    // The join token reaches the cluster the way a real one gets it: the secret manager entry the rendered
    // ExternalSecret names (here the simulator's, written through its control API).
    // An admin creates the join token on the tab; it is shown this once.
    await portal.admin.getByRole('button', { name: 'Create a join token' }).click();
    const token = (await portal.admin.getByTestId('join-token-value').textContent()) ?? '';
    expect(token).toMatch(/^\S{20,}$/);
    await saveScreenshot(portal.admin, 'cluster-join-token');
    const { simArgoCdUrl, simArgoCdToken } = portal.csoc.context;
    const stored = await fetch(
      `${simArgoCdUrl}/sim-control/secret-manager/${COMMONS}-${COMMONS}-csoc-agent-join-token`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${simArgoCdToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      },
    );
    expect(stored.status, await stored.text()).toBe(200);
    const deploy = await portal.csoc.admin.post(`${base}/deploys`, {});
    expect(deploy.status, deploy.text).toBe(201);

    await portal.admin.goto(clusterTab());
    await portal.admin.getByTestId('agent-connected').waitFor(SLOW);
    const fence = workloadRow(portal.admin, 'fence');
    await fence.waitFor(SLOW);
    await expect.poll(async () => (await fence.getAttribute('data-ready')) === 'true', POLL).toBe(true);
    await fence.getByText('quay.io/cdis/fence:2025.06').waitFor();
    await fence.getByText('matches release').waitFor(SLOW);
    await workloadRow(portal.admin, 'usersync').getByText('CronJob').waitFor();
    await portal.admin.getByRole('table', { name: 'Pods' }).getByText('Running').first().waitFor(SLOW);
    await saveScreenshot(portal.admin, 'cluster-workloads');
  }, 240_000);

  it('follows a pod log and searches within the shown lines', async () => {
    const logButton = portal.admin.getByRole('button', { name: /^Log of fence-/ }).first();
    await logButton.click();
    const viewer = portal.admin.getByTestId('pod-log-viewer');
    await viewer.getByTestId('log-stream-status').getByText('streaming').waitFor(SLOW);
    const lines = viewer.getByTestId('pod-log-lines');
    await expect.poll(async () => (await lines.textContent())?.length ?? 0, POLL).toBeGreaterThan(0);
    const before = ((await lines.textContent()) ?? '').split('\n').filter(Boolean).length;
    // Followed: new lines arrive without reloading.
    await expect
      .poll(async () => ((await lines.textContent()) ?? '').split('\n').filter(Boolean).length, POLL)
      .toBeGreaterThan(before);
    // A word some shown lines have and others not (the pod's start line, a request path…), so the
    // search visibly hides lines.
    const shown = ((await lines.textContent()) ?? '').split('\n').filter(Boolean);
    const word = [...new Set(shown.flatMap((line) => line.split(/\s+/)))].find(
      (part) => part.length > 3 && shown.some((line) => !line.toLowerCase().includes(part.toLowerCase())),
    );
    if (!word) throw new Error(`no word tells the shown lines apart:\n${shown.join('\n')}`);
    await viewer.getByRole('textbox', { name: 'Search the log' }).fill(word);
    await viewer
      .getByTestId('log-stream-note')
      .getByText(/matching line\(s\)/)
      .waitFor();
    const filtered = ((await lines.textContent()) ?? '').split('\n').filter(Boolean);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((line) => line.toLowerCase().includes(word.toLowerCase()))).toBe(true);
    await viewer.scrollIntoViewIfNeeded();
    await saveScreenshot(portal.admin, 'cluster-log-stream');
    const download = portal.admin.waitForEvent('download');
    await viewer.getByRole('button', { name: 'Download' }).click();
    expect((await download).suggestedFilename()).toMatch(new RegExp(`^${COMMONS}-fence-.*-filtered\\.log$`));
    await viewer.getByRole('textbox', { name: 'Search the log' }).fill('');
  }, 240_000);

  it('runs usersync after the operator types the commons name, with its live output', async () => {
    const actions = portal.admin.getByTestId('cluster-actions');
    await actions.getByRole('combobox', { name: 'Action' }).click();
    await portal.admin.getByRole('option', { name: 'Run usersync now' }).click();
    await actions.getByRole('button', { name: 'Run…' }).click();
    const dialog = portal.admin.getByRole('dialog', { name: `Run usersync now on ${COMMONS}?` });
    const confirm = dialog.getByRole('button', { name: 'Run usersync now' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: `Type ${COMMONS} to confirm` }).fill(COMMONS);
    await saveScreenshot(portal.admin, 'cluster-action-confirm');
    await confirm.click();
    await dialog.waitFor({ state: 'hidden' });
    const output = actions.getByTestId('action-output');
    await output
      .getByTestId('action-result')
      .getByText(/^Succeeded/)
      .waitFor(SLOW);
    expect(((await output.getByLabel('Action output').textContent()) ?? '').length).toBeGreaterThan(0);
    await saveScreenshot(portal.admin, 'cluster-action-output');
    const audit = await portal.csoc.admin.get(`/api/v1/orgs/${ORG}/audit?limit=50`);
    expect(JSON.stringify(audit.body)).toContain('usersync');
  }, 240_000);

  it('has no serious or critical WCAG 2.1 A/AA violation with a log and an action open', async () => {
    const violations = await seriousViolations(portal.admin);
    expect(describeViolations('cluster tab', violations)).toBe('');
  }, 120_000);

  it("approves another operator's usersync on a prod commons, which then runs", async () => {
    const PROD = 'live-prod';
    const settings = await portal.csoc.admin.get(`/api/v1/orgs/${ORG}/settings`);
    const changed = await portal.csoc.admin.patch(
      `/api/v1/orgs/${ORG}/settings`,
      { requireSecondApproverForProd: true },
      { 'if-match': settings.headers.get('etag')! },
    );
    expect(changed.status, changed.text).toBe(200);
    const document = simCommonsDocument(
      PROD,
      {},
      { gen3: { release: '2025.06', hostname: `${PROD}.sim.example.org` } },
    );
    document.spec.environment = 'prod';
    const created = await portal.csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, {
      ...document,
      metadata: { ...document.metadata, labels: { [AGENT_LABEL]: 'enabled' } },
    });
    expect(created.status, created.text).toBe(201);
    await recordSimInfrastructure(portal.csoc, created.body.id, PROD);
    const prodBase = `/api/v1/orgs/${ORG}/commons/${PROD}`;
    const token = await portal.csoc.admin.post(`${prodBase}/agent/join-token`, {});
    const { simArgoCdUrl, simArgoCdToken } = portal.csoc.context;
    const stored = await fetch(
      `${simArgoCdUrl}/sim-control/secret-manager/${PROD}-${PROD}-csoc-agent-join-token`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${simArgoCdToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ token: token.body.token }),
      },
    );
    expect(stored.status).toBe(200);
    expect((await portal.csoc.admin.post(`${prodBase}/deploys`, {})).status).toBe(201);
    await expect
      .poll(async () => (await portal.csoc.admin.get(`${prodBase}/agent`)).body.connected, POLL)
      .toBe(true);
    const operator = await createSignedInUser(portal.csoc, 'cluster-operator@example.org', ORG, 'operator');
    const asked = await operator.post(`${prodBase}/cluster/actions`, { action: 'usersync', confirm: PROD });
    expect(asked.status, asked.text).toBe(202);
    expect(asked.body.state).toBe('pending-approval');

    // Another operator may act but not approve (CSOC_APPROVER_MIN_ROLE, default admin, which GET /api/v1/me
    // reports): no Approve button, the action says it waits for an approver.
    const second = await createSignedInUser(portal.csoc, 'cluster-operator-2@example.org', ORG, 'operator');
    expect((await second.get('/api/v1/me')).body.approverMinRole).toBe('admin');
    // The same for a user.yaml save on prod: it waits for an approver.
    const userYaml = readerUserYaml();
    const saved = await operator.put(`${prodBase}/user-yaml`, {
      content: userYaml,
      expectedVersion: 0,
      confirm: PROD,
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.userYaml.state).toBe('pending-approval');
    const operatorPage = await portal.newPage();
    await portal.signIn(operatorPage, 'cluster-operator-2@example.org', TEST_USER_PASSWORD);
    await operatorPage.getByRole('heading', { name: 'Fleet' }).waitFor();
    await operatorPage.goto(`${portal.csoc.url}/orgs/${ORG}/commons/${PROD}?tab=cluster`);
    await operatorPage
      .getByTestId('cluster-actions')
      .getByText('waiting for an approver (admin or above)')
      .waitFor(SLOW);
    expect(await operatorPage.getByRole('button', { name: /^Approve usersync/ }).count()).toBe(0);
    await operatorPage
      .getByTestId('user-yaml')
      .getByText('This save is waiting for an approver (admin or above).')
      .waitFor(SLOW);
    expect(await operatorPage.getByRole('button', { name: /^Approve user\.yaml/ }).count()).toBe(0);
    await operatorPage.context().close();

    await portal.admin.goto(`${portal.csoc.url}/orgs/${ORG}/commons/${PROD}?tab=cluster`);
    const approve = portal.admin.getByRole('button', {
      name: 'Approve usersync requested by cluster-operator@example.org',
    });
    await approve.waitFor(SLOW);
    expect(await portal.admin.getByText('waiting for an approver (admin or above)').count()).toBe(0);
    await portal.admin.getByRole('button', { name: /^Approve user\.yaml version 1 saved by/ }).waitFor(SLOW);
    await approve.click();
    const output = portal.admin.getByTestId('action-output');
    await output
      .getByTestId('action-result')
      .getByText(/^Succeeded/)
      .waitFor(SLOW);
    await saveScreenshot(portal.admin, 'cluster-action-approved');
    // Back to the first commons, whose log the last step follows.
    await portal.admin.goto(clusterTab());
  }, 240_000);

  it('shows a viewer the same view without any action', async () => {
    await createSignedInUser(portal.csoc, 'cluster-viewer@example.org', ORG, 'viewer');
    const viewer = await portal.newPage();
    await portal.signIn(viewer, 'cluster-viewer@example.org', TEST_USER_PASSWORD);
    await viewer.getByRole('heading', { name: 'Fleet' }).waitFor();
    await viewer.goto(clusterTab());
    await workloadRow(viewer, 'fence').waitFor(SLOW);
    expect(await viewer.getByTestId('cluster-actions').count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Run…' }).count()).toBe(0);
    await viewer.context().close();
  }, 180_000);

  it('loads more pods of a big namespace, and picks the container of a pod with a sidecar', async () => {
    // A commons whose agent runs in this process against a simulated cluster of 211 pods (a page is 200),
    // one of them with a sidecar: the same link and handlers a deployed agent uses.
    const BIG = 'live-big';
    expect(
      (await portal.csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument(BIG))).status,
    ).toBe(201);
    const token = await portal.csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${BIG}/agent/join-token`, {});
    const cluster = await startSimulatedCommonsCluster({
      namespace: `gen3-${BIG}`,
      tickMs: 200,
      gen3CronJobs: false,
      workloads: [
        {
          service: 'metadata',
          image: 'quay.io/cdis/metadata-service:2025.06',
          replicas: 1,
          kind: 'Deployment',
          sidecars: [{ name: 'aggregate-sync', image: 'quay.io/cdis/metadata-service:2025.06' }],
        },
        { service: 'worker', image: 'quay.io/cdis/worker:2025.06', replicas: 210, kind: 'Deployment' },
      ],
    });
    const link = createAgentLink({
      csocUrl: portal.csoc.url,
      identityStore: cluster.identityStore,
      readJoinToken: async () => token.body.token,
      handlers: cluster.handlers,
      reconnectInitialDelayMs: 50,
      reconnectMaxDelayMs: 500,
    });
    try {
      await portal.admin.goto(`${portal.csoc.url}/orgs/${ORG}/commons/${BIG}?tab=cluster`);
      const podsTable = portal.admin.getByRole('table', { name: 'Pods' });
      await portal.admin.getByTestId('pods-shown').getByText('200 pods shown').waitFor(SLOW);
      await portal.admin.getByRole('button', { name: 'Load more pods' }).click();
      await expect.poll(async () => podsTable.locator('tbody tr').count(), POLL).toBe(211);
      expect(await portal.admin.getByRole('button', { name: 'Load more pods' }).count()).toBe(0);

      await portal.admin.getByRole('button', { name: /^Log of metadata-/ }).click();
      const viewer = portal.admin.getByTestId('pod-log-viewer');
      const picker = viewer.getByRole('combobox', { name: 'Container' });
      expect(await picker.inputValue()).toBe('metadata');
      await viewer.getByTestId('log-stream-status').getByText('streaming').waitFor(SLOW);
      await picker.selectOption('aggregate-sync');
      const lines = viewer.getByTestId('pod-log-lines');
      await expect
        .poll(async () => (await lines.textContent()) ?? '', POLL)
        .toContain('[aggregate-sync] synced');
      expect((await lines.textContent()) ?? '').not.toContain('"GET ');
      await viewer.scrollIntoViewIfNeeded();
      await saveScreenshot(portal.admin, 'cluster-log-container-picker');
    } finally {
      await link.stop();
      await cluster.close();
    }
    // Back to the first commons, whose log the last step follows.
    await portal.admin.goto(clusterTab());
  }, 240_000);

  it('says the agent disconnected in an open log stream when the agent is revoked', async () => {
    await portal.admin
      .getByRole('button', { name: /^Log of fence-/ })
      .first()
      .click(SLOW);
    const viewer = portal.admin.getByTestId('pod-log-viewer');
    await viewer.getByTestId('log-stream-status').getByText('streaming').waitFor(SLOW);
    const revoked = await portal.csoc.admin.delete(`${base}/agent`);
    expect(revoked.status, revoked.text).toBeLessThan(300);
    await viewer
      .getByTestId('log-stream-note')
      .getByText(/agent disconnected/i)
      .waitFor(SLOW);
    await viewer.getByRole('button', { name: 'Follow again' }).waitFor();
    await viewer.scrollIntoViewIfNeeded();
    await saveScreenshot(portal.admin, 'cluster-log-agent-disconnected');
    expect(portal.pageErrors()).toEqual([]);
  }, 180_000);
});
