// A CSOC process killed while an action runs (no chance to record anything): on the next start the
// action ends failed saying why (audited), so nothing stays "running" forever and its output so far is kept.
import { createAgentLink, startSimulatedCommonsCluster, type AgentLink } from '@csoc/agent';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateMasterKey } from '../../credentials/masterKeyring.ts';
import { ApiClient } from '../../testing/ApiClient.ts';
import { checkoutRoot } from '../../testing/copyCheckout.ts';
import { createSimAccount, simCommonsDocument } from '../../testing/simCommons.ts';
import { spawnCsocServer, type CsocServerProcess } from '../../testing/spawnCsocServer.ts';
import {
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  startTestCsoc,
  type TestCsoc,
} from '../../testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '../../testing/testDatabases.ts';
import { waitFor } from '../../testing/waitFor.ts';
import { CSOC_RESTARTED_MESSAGE } from './clusterActionStore.ts';

const ORG = 'action-restart-org';

describe('a CSOC killed in the middle of an action', { timeout: 400_000 }, () => {
  let server: CsocServerProcess | undefined;
  let csoc: TestCsoc | undefined;
  let link: AgentLink | undefined;
  let cluster: Awaited<ReturnType<typeof startSimulatedCommonsCluster>> | undefined;
  afterAll(async () => {
    await link?.stop();
    await cluster?.close();
    server?.child.kill('SIGKILL');
    await csoc?.stop();
  });

  it('marks the action failed with "CSOC restarted while the action ran" on the next start', async () => {
    const env = {
      CSOC_DATABASE_URL: createSqliteTestDatabase(),
      CSOC_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-action-restart-')),
      CSOC_MASTER_KEY: generateMasterKey().key.toString('base64'),
      CSOC_ADMIN_EMAIL: TEST_ADMIN_EMAIL,
      CSOC_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      CSOC_WORKER: 'off',
      CSOC_LOG_LEVEL: 'info',
    };
    server = await spawnCsocServer(checkoutRoot, env);
    await server.ready();
    const admin = new ApiClient(server.url);
    await admin.login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    expect((await admin.post('/api/v1/orgs', { slug: ORG, name: ORG })).status).toBe(201);
    await createSimAccount(admin, ORG);
    expect((await admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument('dev'))).status).toBe(201);
    const token = await admin.post(`/api/v1/orgs/${ORG}/commons/dev/agent/join-token`, {});
    // tickMs 0: the cluster moves only when told, so the usersync Job is still active when CSOC dies.
    cluster = await startSimulatedCommonsCluster({
      namespace: 'gen3-dev',
      tickMs: 0,
      workloads: [{ service: 'fence', image: 'quay.io/cdis/fence:2025.06', replicas: 1, kind: 'Deployment' }],
    });
    link = createAgentLink({
      csocUrl: server.url,
      identityStore: cluster.identityStore,
      readJoinToken: async () => token.body.token,
      handlers: cluster.handlers,
      reconnectInitialDelayMs: 50,
      reconnectMaxDelayMs: 500,
    });
    const actions = `/api/v1/orgs/${ORG}/commons/dev/cluster/actions`;
    await waitFor('the agent to connect', async () =>
      (await admin.get(`/api/v1/orgs/${ORG}/commons/dev/agent`)).body?.connected === true ? true : undefined,
    );
    const asked = await admin.post(actions, { action: 'usersync', confirm: 'dev' });
    expect(asked.status, asked.text).toBe(202);
    await waitFor('the Job to be created', async () =>
      (await admin.get(`${actions}/${asked.body.id}`)).body.job ? true : undefined,
    );
    server.child.kill('SIGKILL');
    await server.exited;
    server = undefined;
    await link.stop();
    link = undefined;

    csoc = await startTestCsoc({ databaseUrl: env.CSOC_DATABASE_URL, env });
    // Ended once its heartbeat is stale (20 s after the killed process last renewed it).
    const restarted = csoc;
    const after = await waitFor('the interrupted action to end', async () => {
      const response = await restarted.admin.get(`${actions}/${asked.body.id}`);
      return response.body.state === 'running' ? undefined : response;
    });
    expect(after.body).toMatchObject({ state: 'failed', result: CSOC_RESTARTED_MESSAGE });
    expect(after.body.output).toContain(`--- job ${after.body.job} created ---`);
    const audit = await csoc.admin.get(`/api/v1/orgs/${ORG}/audit?action=cluster.action.failed`);
    expect(JSON.stringify(audit.body.items)).toContain(CSOC_RESTARTED_MESSAGE);
  });
});
