// The deploy path of csoc-agent on the default setup (SQLite, the embedded SIMULATED Argo CD): a sim commons
// labelled csoc.gen3.org/agent: enabled gets agent.yaml committed beside its other files and synced by its
// Application, the image being this CSOC's csoc-agent. Nothing creates the secret manager entry of the join
// token yet (neither the IaC plugins nor a CSOC delivery, as for the ingest credential), and the simulated
// cluster says so: the deploy ends Degraded naming that ExternalSecret — which is why the label is off by
// default. A commons without the label gets no agent and ends Healthy; an unknown label value is refused
// naming the label.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { csocServerVersion } from '../../backup/backupManifest.ts';
import { recordInfrastructure } from '../../commons/recordInfrastructure.ts';
import { runGit } from '../repository/runGit.ts';
import { createSimAccount, simApplyOutputs, simCommonsDocument } from '../../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../../testing/startTestCsoc.ts';
import { ensureOrg } from '../../testing/testUsers.ts';
import { waitFor } from '../../testing/waitFor.ts';
import { AGENT_LABEL } from './toRenderInput.ts';

const ORG = 'agent-deploy-org';

describe('csoc-agent through a real deploy', { timeout: 300_000 }, () => {
  let csoc: TestCsoc;
  const gitDir = () => path.join(csoc.dataDir, 'gitops', `${ORG}.git`);
  const show = async (file: string) =>
    (await runGit(['show', `HEAD:${ORG}/${file}`], { gitDir: gitDir(), okCodes: [128] })).stdout;

  async function createCommons(name: string, labels?: Record<string, string>) {
    const document = simCommonsDocument(
      name,
      {},
      { gen3: { release: '2025.06', hostname: `${name}.sim.example.org` } },
    );
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, {
      ...document,
      metadata: { ...document.metadata, ...(labels ? { labels } : {}) },
    });
    expect(created.status, created.text).toBe(201);
    await recordInfrastructure(csoc.context.database, created.body.id, {
      status: 'provisioned',
      outputs: simApplyOutputs(name),
    });
  }

  async function deployToTheEnd(name: string) {
    const started = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${name}/deploys`, {});
    expect(started.body.status, started.text).toBe('committed');
    return waitFor(`the deploy of ${name} to finish`, async () => {
      const deploy = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${name}/deploys/${started.body.id}`))
        .body;
      return deploy.finishedAt ? deploy : undefined;
    });
  }

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-agent-deploy-')), 'csoc.db')}`,
      env: {
        CSOC_SIM_SYNC_DELAY_MS: '200',
        CSOC_DEPLOY_TIMEOUT_SECONDS: '120',
        CSOC_PROBE_INTERVAL_SECONDS: '0',
      },
    });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
  }, 120_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  it('commits and syncs the agent of a labelled commons, Degraded until its join token entry exists', async () => {
    await createCommons('with-agent', { [AGENT_LABEL]: 'enabled' });
    const deploy = await deployToTheEnd('with-agent');
    expect(deploy.status, deploy.message).toBe('degraded');
    expect(deploy.message).toContain(
      'ExternalSecret with-agent/csoc-agent-join-token reads "with-agent-with-agent-csoc-agent-join-token", which the secret manager does not hold',
    );

    const agent = parseAllDocuments(await show('with-agent/agent.yaml')).map((doc) => doc.toJS());
    expect(agent.map((doc) => doc.kind)).toEqual([
      'ServiceAccount',
      'Role',
      'RoleBinding',
      'Secret',
      'Deployment',
    ]);
    const container = agent[4].spec.template.spec.containers[0];
    expect(container.image).toBe(`csoc-agent:${csocServerVersion()}`);
    expect(container.env).toContainEqual({ name: 'CSOC_URL', value: csoc.url });
    const app = parseAllDocuments(await show('with-agent/app.yaml'))
      .map((doc) => doc.toJS())
      .find((doc) => doc.metadata.name === 'gen3-with-agent');
    expect(app.spec.sources).toContainEqual(
      expect.objectContaining({ path: `${ORG}/with-agent`, directory: { include: 'agent.yaml' } }),
    );
    expect(await show('with-agent/secrets.yaml')).toContain('with-agent-with-agent-csoc-agent-join-token');
  });

  it('renders no agent for a commons without the label', async () => {
    await createCommons('no-agent');
    const deploy = await deployToTheEnd('no-agent');
    expect(deploy.status, deploy.message).toBe('healthy');
    expect(await show('no-agent/agent.yaml')).toBe('');
    expect(await show('no-agent/secrets.yaml')).not.toContain('csoc-agent');
  });

  it('refuses a label value it does not know, naming the label', async () => {
    await createCommons('bad-label', { [AGENT_LABEL]: 'on' });
    const refused = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/bad-label/deploys`, {});
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.error.details).toContainEqual({
      field: `metadata.labels.${AGENT_LABEL}`,
      message: expect.stringContaining('use enabled'),
    });
  });
});
