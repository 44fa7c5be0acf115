// The user.yaml editor on the Cluster tab in a real browser (Debian's Chromium) against a real CSOC (SQLite,
// the simulated Argo CD, a simulated cluster whose real csoc-agent enrolled by itself through the deploy):
// a commons with none saved says usersync reads its bucket; a broken edit is refused naming its place and
// line; a valid one, confirmed by typing the commons' name, shows its GitOps deploy and then the usersync that
// ran once the deploy was Healthy.
import { describe, expect, it } from 'vitest';
import { recordSimInfrastructure } from '@csoc/server/testing/recordSimInfrastructure.ts';
import { createSimAccount, simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '@csoc/server/testing/startTestCsoc.ts';
import { ensureOrg } from '@csoc/server/testing/testUsers.ts';
import { describeViolations, seriousViolations } from './axeAudit.ts';
import { usePortalFixture } from './portalFixture.ts';
import { saveScreenshot } from './portalTestSteps.ts';
import { readerUserYaml } from '@csoc/server/testing/readerUserYaml.ts';

const ORG = 'user-yaml-editor-org';
const COMMONS = 'access';
const AGENT_LABEL = 'csoc.gen3.org/agent';
const POLL = { timeout: 180_000, interval: 500 };
const SLOW = { timeout: 180_000 };

const USER_YAML = readerUserYaml();

describe('the user.yaml editor in Chromium', { timeout: 600_000 }, () => {
  const portal = usePortalFixture({
    stepsName: 'user-yaml-editor',
    env: {
      CSOC_SIM_SYNC_DELAY_MS: '100',
      CSOC_DEPLOY_TIMEOUT_SECONDS: '150',
      CSOC_PROBE_INTERVAL_SECONDS: '0',
    },
  });
  const base = `/api/v1/orgs/${ORG}/commons/${COMMONS}`;
  const panel = () => portal.admin.getByTestId('user-yaml');

  it('says none was saved once the agent is connected', async () => {
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
    // The deploy delivers the agent's join token itself (ADR 0074); the agent enrols and connects.
    expect((await portal.csoc.admin.post(`${base}/deploys`, {})).status).toBe(201);
    await expect
      .poll(async () => (await portal.csoc.admin.get(`${base}/agent`)).body.connected, POLL)
      .toBe(true);
    await portal.signInToFleet(portal.admin, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await portal.admin.goto(`${portal.csoc.url}/orgs/${ORG}/commons/${COMMONS}?tab=cluster`);
    await panel().getByTestId('user-yaml-none').waitFor(SLOW);
  }, 300_000);

  it('refuses a broken edit naming its place and line; nothing is saved', async () => {
    await panel()
      .getByRole('textbox', { name: 'user.yaml' })
      .fill(USER_YAML.replace('role_ids: [reader]', 'role_ids: [raeder]'));
    await panel().getByRole('button', { name: 'Save and deploy…' }).click();
    const dialog = portal.admin.getByRole('dialog', { name: `Save user.yaml of ${COMMONS}?` });
    const confirm = dialog.getByRole('button', { name: 'Save and deploy' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: `Type ${COMMONS} to confirm` }).fill(COMMONS);
    await confirm.click();
    const refusal = dialog.getByTestId('error-alert');
    await refusal.getByText('body.content.authz.policies[0].role_ids[0]').waitFor(SLOW);
    await refusal.getByText(/names role raeder, which authz\.roles does not define \(line 4\)/).waitFor();
    await saveScreenshot(portal.admin, 'user-yaml-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await portal.csoc.admin.get(`${base}/user-yaml`)).status).toBe(404);
  }, 120_000);

  it('saves a valid edit: its deploy goes Healthy, then usersync runs, and the editor shows both', async () => {
    await panel().getByRole('textbox', { name: 'user.yaml' }).fill(USER_YAML);
    await panel().getByRole('button', { name: 'Save and deploy…' }).click();
    const dialog = portal.admin.getByRole('dialog', { name: `Save user.yaml of ${COMMONS}?` });
    await dialog.getByRole('textbox', { name: `Type ${COMMONS} to confirm` }).fill(COMMONS);
    await dialog.getByRole('button', { name: 'Save and deploy' }).click();
    await dialog.waitFor({ state: 'hidden', ...SLOW });
    const rollout = panel().getByTestId('user-yaml-rollout');
    await rollout.getByText(`Version 1 saved by ${TEST_ADMIN_EMAIL}`, { exact: false }).waitFor(SLOW);
    await rollout.getByTestId('user-yaml-state').getByText('applied').waitFor(SLOW);
    await rollout
      .getByTestId('user-yaml-deploy')
      .getByText(/^Deploy: healthy/)
      .waitFor();
    await rollout
      .getByTestId('user-yaml-usersync')
      .getByText(/^usersync: succeeded/)
      .waitFor();
    expect(await panel().getByRole('textbox', { name: 'user.yaml' }).inputValue()).toBe(USER_YAML);
    await saveScreenshot(portal.admin, 'user-yaml-applied');
    const saved = (await portal.csoc.admin.get(`${base}/user-yaml`)).body;
    expect(saved).toMatchObject({
      state: 'done',
      deploy: { status: 'healthy' },
      usersync: { state: 'succeeded' },
    });
  }, 300_000);

  it('has no serious or critical WCAG 2.1 A/AA violation with the editor open', async () => {
    const violations = await seriousViolations(portal.admin);
    expect(describeViolations('user.yaml editor', violations)).toBe('');
    expect(portal.pageErrors()).toEqual([]);
  }, 120_000);
});
