// The seam between the deploy and the commons' telemetry, on the default setup (SQLite, the embedded
// SIMULATED Argo CD): a deploy renders the commons' Grafana Alloy, the simulated commons runs it from what
// was rendered — endpoint from the alloy source, token from the secret-manager entry the ExternalSecret
// names — and its OTLP becomes the commons' summary. Here an admin issues the credential by hand before the
// deploy (so the deploy keeps it and runs no delivery) and fills the simulated secret manager through its
// control API, as an operator of a plugin without store-ingest-credential would; the delivery CSOC runs
// itself at deploy time is ingestDelivery.integration.test.ts. The token never reaches the GitOps repository.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInfrastructure } from '../commons/recordInfrastructure.ts';
import { runGit } from '../gitops/repository/runGit.ts';
import { createSimAccount, simApplyOutputs, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { ensureOrg } from '../testing/testUsers.ts';
import { waitFor } from '../testing/waitFor.ts';

const ORG = 'agent-org';
const COMMONS = 'tel';

describe('a deployed sim commons sends telemetry through its rendered agent', { timeout: 300_000 }, () => {
  let csoc: TestCsoc;
  const control = (method: string, route: string, body?: unknown) =>
    fetch(`${csoc.context.simArgoCdUrl}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${csoc.context.simArgoCdToken}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-agent-')), 'csoc.db')}`,
      env: {
        CSOC_SIM_SYNC_DELAY_MS: '200',
        CSOC_DEPLOY_TIMEOUT_SECONDS: '120',
        CSOC_PROBE_INTERVAL_SECONDS: '0',
      },
    });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
    const created = await csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons`,
      simCommonsDocument(
        COMMONS,
        {},
        { gen3: { release: '2025.06', hostname: 'tel.sim.example.org', branding: { appName: 'Tel' } } },
      ),
    );
    expect(created.status, created.text).toBe(201);
    await recordInfrastructure(csoc.context.database, created.body.id, {
      status: 'provisioned',
      outputs: simApplyOutputs(COMMONS),
    });
  }, 120_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  it('deploy → credential in the secret manager → OTLP with it → the summary shows the services', async () => {
    const issued = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${COMMONS}/telemetry/credential`, {});
    expect(issued.status, issued.text).toBe(201);
    const token = issued.body.token as string;

    const deploy = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${COMMONS}/deploys`, {});
    expect(deploy.body.status, deploy.text).toBe('committed');
    // Synced, but the entry holds no value yet: the agent waits, as ESO would report SecretSyncedError.
    const waiting = await waitFor('the synced agent', async () => {
      const listed = await (await control('GET', '/sim-control/telemetry')).json();
      return listed.agents.find((agent: { commons: string }) => agent.commons === `${ORG}/${COMMONS}`);
    });
    expect(waiting).toMatchObject({
      endpoint: `${csoc.url}/otlp`,
      secret: `${COMMONS}-${COMMONS}-csoc-telemetry-ingest`,
      problem: expect.stringContaining('has no value'),
    });

    // What the plugin's store-ingest-credential verb does on a real cloud.
    const stored = await control('PUT', `/sim-control/secret-manager/${waiting.secret}`, { token });
    expect(stored.status, await stored.clone().text()).toBe(200);
    expect(await stored.text()).not.toContain(token);
    const names = await (await control('GET', '/sim-control/secret-manager')).text();
    expect(names).toContain(waiting.secret);
    expect(names).not.toContain(token);

    const summary = await waitFor('requests in the commons summary', async () => {
      const kept = await csoc.admin.get(
        `/api/v1/orgs/${ORG}/commons/${COMMONS}/telemetry?window=1h&service=fence`,
      );
      const requests = (kept.body.points as Array<{ requests: number }> | undefined)?.reduce(
        (sum, point) => sum + Number(point.requests),
        0,
      );
      return requests ? kept.body : undefined;
    });
    expect(summary.lastReceivedAt).toBeTruthy();
    const listed = await (await control('GET', '/sim-control/telemetry')).json();
    expect(listed.emitters).toContainEqual(
      expect.objectContaining({ commons: `${ORG}/${COMMONS}`, startedBy: 'sync', failures: 0 }),
    );

    // A rotation reaches the running agent through the entry; the old token stops at once.
    const rotated = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${COMMONS}/telemetry/credential`, {});
    expect(rotated.body.rotated).toBe(true);
    expect(
      (await control('PUT', `/sim-control/secret-manager/${waiting.secret}`, { token: rotated.body.token }))
        .status,
    ).toBe(200);
    const before = summary.lastReceivedAt as string;
    await waitFor('telemetry with the rotated credential', async () => {
      const kept = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${COMMONS}/telemetry?window=1h`);
      return kept.body.lastReceivedAt > before ? true : undefined;
    });
    const after = await (await control('GET', '/sim-control/telemetry')).json();
    expect(after.emitters).toContainEqual(
      expect.objectContaining({ commons: `${ORG}/${COMMONS}`, failures: 0 }),
    );

    // Neither token is anywhere in the GitOps repository's history.
    const gitDir = path.join(csoc.dataDir, 'gitops', `${ORG}.git`);
    const history = (await runGit(['log', '-p', '--all'], { gitDir })).stdout;
    expect(history).toContain('csoc-telemetry-ingest');
    expect(history).not.toContain(token);
    expect(history).not.toContain(rotated.body.token);
  });
});
