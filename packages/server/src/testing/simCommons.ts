// Helpers to set up a simulated commons through the real API (an org, a sim cloud account, a commons), and
// the row of one for tests and benchmarks that seed many straight into the database.
import { newId } from '@csoc/common';
import { simulatedInventoryOutputs } from '@csoc/plugin-sim';
import type { CommonsTable } from '../commons/commonsTables.ts';
import type { ApiClient } from './ApiClient.ts';

export async function createSimAccount(client: ApiClient, org: string, name = 'sim-account'): Promise<void> {
  const response = await client.post(`/api/v1/orgs/${org}/accounts`, {
    kind: 'sim',
    name,
    public: { region: 'us-sim-1' },
    secrets: {},
  });
  if (response.status !== 201)
    throw new Error(`could not create the sim account: ${response.status} ${response.text}`);
}

export function simCommonsDocument(
  name: string,
  inputs: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'csoc.gen3.org/v1',
    kind: 'Commons',
    metadata: { name },
    spec: {
      environment: 'dev',
      plugin: { name: 'sim' },
      account: 'sim-account',
      inputs: { name, ...inputs },
      ...extra,
    },
  };
}

/**
 * The outputs a sim apply records for a commons, for tests that skip the apply itself; its inventory
 * (namespace, secret_manager_keys, role_arns) is what the sim plugin reports for these inputs.
 */
export function simApplyOutputs(name: string, inputs: Record<string, unknown> = {}) {
  return {
    ...simulatedInventoryOutputs({ name, ...inputs }, { org: 'test', name }),
    simulated: true,
    cluster_name: name,
    region: 'us-sim-1',
    data_bucket: `${name}-data-bucket`,
    database_host: `${name}-db.sim.gen3.local`,
    // The cluster's CA, as the sim plugin reports it: Argo CD needs it to register the cluster.
    cluster_ca: Buffer.from(`SIMULATED CA FOR ${name} (not a real certificate)\n`).toString('base64'),
  };
}

const TERMINAL = ['succeeded', 'failed', 'cancelled', 'discarded', 'errored'];

/** Polls a run until it reaches one of `states` (or any terminal state); fails after timeoutMs. */
export async function waitForRun(
  client: ApiClient,
  org: string,
  runId: string,
  states: string[],
  timeoutMs = 60_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = (await client.get(`/api/v1/orgs/${org}/runs/${runId}`)).body;
    if (states.includes(run.state) || TERMINAL.includes(run.state)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.state} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/**
 * The row of a sim commons that was applied (infra_status provisioned), with its spec, for tests and
 * benchmarks that seed commons straight into the database instead of planning and applying each. Its Gen3
 * hostname defaults to `<name>.example.org`; `columns` replace any column of the row.
 */
export function provisionedSimCommonsRow(
  orgId: string,
  name: string,
  options: { hostname?: string; release?: string } & Partial<CommonsTable> = {},
): CommonsTable {
  const { hostname = `${name}.example.org`, release = '2025.06', ...columns } = options;
  const environment = columns.environment ?? 'dev';
  const now = new Date().toISOString();
  return {
    id: newId(),
    org_id: orgId,
    name,
    environment,
    plugin_name: 'sim',
    plugin_version: '0.1.0',
    account_name: 'sim-account',
    spec: JSON.stringify({
      environment,
      plugin: { name: 'sim', version: '0.1.0' },
      account: 'sim-account',
      inputs: { name },
      gen3: { release, hostname },
    }),
    labels: '{}',
    revision: 1,
    infra_status: 'provisioned',
    outputs: '{}',
    deletion_requested_by: null,
    deletion_requested_at: null,
    created_at: now,
    updated_at: now,
    version: 1,
    ...columns,
  };
}
