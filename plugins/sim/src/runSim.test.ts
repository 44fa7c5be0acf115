// The simulated cloud with real Terraform: plans, changes, injected failures and destroy, run in-process for
// speed (the conformance test runs it as a separate process, the way the host does).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAjv,
  createEventStreamParser,
  readManifest,
  type EventStreamSummary,
  type PluginEvent,
  type PluginManifest,
  type PluginRequest,
} from '@csoc/plugin-sdk';
import { runSim, SIM_PLUGIN_DIR } from './runSim.ts';
import { simulatedInventoryOutputs } from './simulatedInventory.ts';
import { SIMULATED_ROLES } from './simulatedRoles.ts';
import { DEFAULT_DATABASE_SERVICES, simulatedSecretManager } from './simulatedSecretManager.ts';

let root: string;
let manifest: PluginManifest;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'csoc-sim-'));
  manifest = await readManifest(SIM_PLUGIN_DIR);
});
afterAll(() => rm(root, { recursive: true, force: true }));

interface SimRun {
  code: number;
  summary: EventStreamSummary;
  events: PluginEvent[];
}

let requestCount = 0;
async function sim(
  workDir: string,
  verb: PluginRequest['verb'],
  inputs: Record<string, unknown>,
  extra: Partial<PluginRequest> = {},
): Promise<SimRun> {
  requestCount += 1;
  const requestFile = join(root, `request-${requestCount}.json`);
  const request: PluginRequest = {
    apiVersion: 'csoc.gen3.org/v1',
    kind: 'PluginRequest',
    verb,
    runId: `run-${requestCount}`,
    commons: { org: 'acme', name: String(inputs.name) },
    inputs,
    credentials: { kind: 'sim', public: {} },
    workDir,
    options: { includePlanJson: false },
    ...extra,
  };
  await writeFile(requestFile, JSON.stringify(request));
  const stdout = new PassThrough();
  const events: PluginEvent[] = [];
  const parser = createEventStreamParser({ onEvent: (event) => events.push(event) });
  stdout.on('data', (chunk: Buffer) => parser.push(chunk));
  const code = await runSim({
    argv: ['node', 'main.ts', verb],
    env: { ...process.env, CSOC_REQUEST_FILE: requestFile },
    stdout,
    handleSignals: false,
  });
  return { code, summary: parser.end(), events };
}

const changed = (run: SimRun): string[] =>
  (run.summary.lastPlan?.resources ?? [])
    .filter((r) => r.action !== 'no-op')
    .map((r) => `${r.action} ${r.address}`);

const resourceEvents = (run: SimRun, status: string): string[] =>
  run.events.flatMap((e) => (e.type === 'resource' && e.status === status ? [e.address] : []));

// The master credentials and every entry of the AWS design for commons demo (namespace demo), keyed
// without the leading "demo-" (simulatedSecretManager.ts).
const SECRETS = [
  'aurora-master-password',
  ...Object.keys(
    simulatedSecretManager({
      environment: 'demo',
      namespace: 'demo',
      databaseServices: DEFAULT_DATABASE_SERVICES,
    }),
  ).map((name) => name.slice('demo-'.length)),
];
const ROLES = Object.keys(SIMULATED_ROLES).sort();
const RESOURCE_COUNT = 14 + SECRETS.length + ROLES.length;

describe('the sim plugin', () => {
  it('plans a commons topology, applies it and hands back AWS-shaped, simulated outputs', async () => {
    const workDir = join(root, 'topology');
    const inputs = { name: 'demo' };
    const plan = await sim(workDir, 'plan', inputs);
    expect(plan.code).toBe(0);
    expect(plan.summary.garbage).toEqual([]);
    expect(changed(plan).sort()).toEqual(
      [
        'terraform_data.kms_key',
        'terraform_data.vpc',
        'terraform_data.public_subnet',
        'terraform_data.nat_gateway',
        'terraform_data.private_subnet["us-sim-1a"]',
        'terraform_data.private_subnet["us-sim-1b"]',
        'terraform_data.cluster',
        'terraform_data.oidc_provider',
        'terraform_data.node_group',
        'terraform_data.database',
        'terraform_data.search[0]',
        'terraform_data.bucket["data"]',
        'terraform_data.bucket["logs"]',
        'terraform_data.bucket["manifest"]',
        ...SECRETS.map((secret) => `terraform_data.secret["${secret}"]`),
        ...ROLES.map((role) => `terraform_data.role["${role}"]`),
      ]
        .map((address) => `create ${address}`)
        .sort(),
    );
    expect(plan.summary.lastPlan?.summary).toEqual({ add: RESOURCE_COUNT, change: 0, destroy: 0 });
    const logs = plan.events.flatMap((e) => (e.type === 'log' && e.level !== 'debug' ? [e.message] : []));
    expect(logs.every((message) => message.startsWith('[simulated] '))).toBe(true);

    const apply = await sim(workDir, 'apply', inputs, { planFile: plan.summary.lastPlan!.planFile! });
    expect(apply.code).toBe(0);
    expect(resourceEvents(apply, 'completed')).toHaveLength(RESOURCE_COUNT);
    const outputs = apply.summary.lastOutputs!.values;
    expect(outputs).toMatchObject({
      simulated: true,
      region: 'us-sim-1',
      cluster_name: 'demo',
      cluster_endpoint: expect.stringMatching(
        /^https:\/\/[0-9A-F]{32}\.sim-eks\.us-sim-1\.sim\.gen3\.local$/,
      ),
      oidc_provider_arn: expect.stringMatching(/^arn:sim:iam::000000000000:oidc-provider\/oidc\.sim-eks\./),
      database_host: expect.stringMatching(
        /^demo-aurora\.cluster-sim[0-9a-f]{12}\.us-sim-1\.rds\.sim\.gen3\.local$/,
      ),
      database_port: 5432,
      search_endpoint: expect.stringMatching(/^https:\/\/vpc-demo-gen3-metadata-sim/),
      data_bucket: 'demo-data-bucket',
      logs_bucket: 'demo-logs-bucket',
      manifest_bucket: 'demo-manifest-bucket',
      secrets_prefix: 'demo-',
    });
    expect(Buffer.from(String(outputs.cluster_ca), 'base64').toString()).toContain('SIMULATED CA FOR demo');
    // What the simulated Argo CD checks a sync against: the namespace the roles trust, every secret-manager
    // entry and every role the simulation created.
    expect(outputs.namespace).toBe('demo');
    expect(outputs.secret_manager_keys).toEqual(SECRETS.map((secret) => `demo-${secret}`).sort());
    expect(outputs.role_arns).toEqual(
      Object.fromEntries(
        ROLES.map((role) => [role, `arn:sim:iam::000000000000:role/demo-demo-${role.replace(/_/g, '-')}`]),
      ),
    );
    expect(simulatedInventoryOutputs(inputs, { org: 'acme', name: 'demo' })).toEqual({
      namespace: outputs.namespace,
      secret_manager_keys: outputs.secret_manager_keys,
      role_arns: outputs.role_arns,
    });
    const validateOutputs = createAjv().compile(manifest.outputs);
    expect(validateOutputs(outputs), JSON.stringify(validateOutputs.errors)).toBe(true);

    // Adding a bucket plans exactly that bucket.
    const addBucket = await sim(workDir, 'plan', { ...inputs, buckets: ['uploads'] });
    expect(changed(addBucket)).toEqual(['create terraform_data.bucket["uploads"]']);
    expect(addBucket.summary.lastPlan?.summary).toEqual({ add: 1, change: 0, destroy: 0 });

    // Turning search off plans exactly its removal; a bigger cluster updates the node group in place.
    const noSearch = await sim(workDir, 'plan', { ...inputs, searchEnabled: false });
    expect(changed(noSearch)).toEqual(['delete terraform_data.search[0]']);
    const bigger = await sim(workDir, 'plan', { ...inputs, sizeTier: 'medium' });
    expect(changed(bigger).sort()).toEqual(
      [
        'create terraform_data.private_subnet["us-sim-1c"]',
        'update terraform_data.cluster',
        'update terraform_data.database',
        'update terraform_data.node_group',
      ].sort(),
    );

    // Destroy removes everything and leaves no outputs behind.
    const destroy = await sim(workDir, 'destroy', inputs);
    expect(destroy.code).toBe(0);
    expect(destroy.summary.errors).toEqual([]);
    expect(resourceEvents(destroy, 'completed')).toHaveLength(RESOURCE_COUNT);
    expect(destroy.events.filter((e) => e.type === 'resource' && e.action !== 'delete')).toEqual([]);
    const state = JSON.parse(await readFile(join(workDir, 'terraform', 'terraform.tfstate'), 'utf8')) as {
      resources: unknown[];
    };
    expect(state.resources).toEqual([]);
    const after = await sim(workDir, 'outputs', inputs);
    expect(after.summary.lastOutputs?.values).toEqual({});
  });

  it("stores the operator's login secrets, and leaves out the roles, secrets or namespace it is told to", async () => {
    const inputs = {
      name: 'seams',
      operatorSecrets: ['keycloak-client'],
      databaseServices: ['fence'],
      simulation: {
        namespace: 'elsewhere',
        skipResources: ['role["fence"]', 'secret["elsewhere-fence-jwt-keys"]'],
      },
    };
    const run = await sim(join(root, 'seams'), 'apply', inputs);
    expect(run.code).toBe(0);
    const outputs = run.summary.lastOutputs!.values;
    expect(outputs.namespace).toBe('elsewhere');
    const keys = outputs.secret_manager_keys as string[];
    expect(keys).toContain('seams-elsewhere-keycloak-client');
    expect(keys).toContain('seams-elsewhere-fence-creds');
    expect(keys).not.toContain('seams-elsewhere-indexd-creds');
    expect(keys).not.toContain('seams-elsewhere-fence-jwt-keys');
    // The inventory tests record without applying is exactly what the apply reports.
    expect(simulatedInventoryOutputs(inputs, { org: 'acme', name: 'seams' })).toEqual({
      namespace: outputs.namespace,
      secret_manager_keys: outputs.secret_manager_keys,
      role_arns: outputs.role_arns,
    });
    expect(
      keys.filter((key) => key !== 'seams-aurora-master-password' && !key.startsWith('seams-elsewhere-')),
    ).toEqual([]);
    const roles = outputs.role_arns as Record<string, string>;
    expect(roles.fence).toBeUndefined();
    expect(roles.audit).toBe('arn:sim:iam::000000000000:role/seams-elsewhere-audit');
  });

  it('fails at the named resource with an error event, and creates nothing that waits for it', async () => {
    const run = await sim(join(root, 'fail-database'), 'apply', {
      name: 'flaky',
      simulation: { failAtResource: 'database' },
    });
    expect(run.code).toBe(1);
    expect(resourceEvents(run, 'failed')).toEqual(['terraform_data.database']);
    expect(run.summary.errors).toEqual([
      expect.objectContaining({
        address: 'terraform_data.database',
        detail: expect.stringContaining(
          '[simulated] injected failure while creating terraform_data.database',
        ),
      }),
    ]);
    const completed = resourceEvents(run, 'completed');
    expect(completed).toContain('terraform_data.cluster');
    expect(completed.filter((address) => address.startsWith('terraform_data.secret'))).toEqual([]);
  });

  it('matches failAtResource by address without the type, too', async () => {
    const run = await sim(join(root, 'fail-bucket'), 'apply', {
      name: 'flaky',
      simulation: { failAtResource: 'bucket["logs"]' },
    });
    expect(run.code).toBe(1);
    expect(resourceEvents(run, 'failed')).toEqual(['terraform_data.bucket["logs"]']);
  });

  it('fails a share of resources, the same ones for the same seed', async () => {
    const inputs = { name: 'dice', simulation: { failApplyShare: 0.3, seed: 'reproducible' } };
    const first = await sim(join(root, 'dice-1'), 'apply', inputs);
    const second = await sim(join(root, 'dice-2'), 'apply', inputs);
    expect(first.code).toBe(1);
    const failedFirst = resourceEvents(first, 'failed').sort();
    expect(failedFirst.length).toBeGreaterThan(0);
    expect(resourceEvents(second, 'failed').sort()).toEqual(failedFirst);
    expect(first.summary.errors.length).toBe(failedFirst.length);
    const other = await sim(join(root, 'dice-3'), 'apply', { ...inputs, simulation: { failApplyShare: 0 } });
    expect(other.code).toBe(0);
  });

  it('refuses inputs that do not fit its schema before running Terraform', async () => {
    const run = await sim(join(root, 'bad-inputs'), 'plan', { name: 'Not A DNS Label', sizeTier: 'huge' });
    expect(run.code).toBe(1);
    expect(run.summary.errors[0]?.detail).toMatch(
      /inputs\.name: must match[\s\S]*inputs\.sizeTier: must be one of/,
    );
    expect(run.events.some((e) => e.type === 'resource')).toBe(false);
  });
});
