// A plan of the AWS plugin through the CSOC run engine (process runner, real Terraform, the AWS provider
// from the local mirror, offline: fake credentials and no AWS API call): its resources appear in the
// run's plan summary. A real apply is not exercised (no AWS account here).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '@csoc/server/testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '@csoc/server/testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '@csoc/server/testing/testDatabases.ts';
import { ensureOrg } from '@csoc/server/testing/testUsers.ts';
import { findProviderMirror } from './testing/findProviderMirror.ts';

const pluginDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(fs.readFileSync(path.join(pluginDir, 'manifest.json'), 'utf8'));
const devInputs = JSON.parse(fs.readFileSync(path.join(pluginDir, 'examples', 'dev.inputs.json'), 'utf8'));
const productionInputs = JSON.parse(
  fs.readFileSync(path.join(pluginDir, 'examples', 'production.inputs.json'), 'utf8'),
);

describe('the AWS plugin in the CSOC run engine', () => {
  let csoc: TestCsoc;
  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: createSqliteTestDatabase(),
      env: {
        CSOC_TF_PLUGIN_MIRROR: findProviderMirror(),
        CSOC_PLUGIN_ENV: 'CSOC_AWS_PLAN_OFFLINE=true',
        // A real commons' Argo CD reads an https repository (only the simulator may use the local http one);
        // nothing is pushed here.
        CSOC_GITOPS_REMOTE_URL: 'https://git.example.invalid/acme/gen3-gitops.git',
      },
    });
    await ensureOrg(csoc, 'aws-org');
  });
  afterAll(async () => {
    await csoc?.stop();
  });

  it('installs, plans offline through the process runner, and lists the planned AWS resources', async () => {
    const installed = await csoc.admin.post('/api/v1/plugins', {
      manifest,
      sourceKind: 'directory',
      source: pluginDir,
    });
    expect(installed.status, installed.text).toBe(201);
    const account = await csoc.admin.post('/api/v1/orgs/aws-org/accounts', {
      kind: 'aws',
      name: 'aws-dev',
      public: { accountId: '123456789012', region: devInputs.region ?? 'us-east-1' },
      secrets: {
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYCANARY',
      },
    });
    expect(account.status, account.text).toBe(201);
    const commons = await csoc.admin.post('/api/v1/orgs/aws-org/commons', {
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'Commons',
      metadata: { name: 'aws-dev' },
      spec: {
        environment: 'dev',
        plugin: { name: 'aws', version: manifest.version },
        account: 'aws-dev',
        inputs: devInputs,
      },
    });
    expect(commons.status, commons.text).toBe(201);
    const run = await csoc.admin.post('/api/v1/orgs/aws-org/commons/aws-dev/runs', {});
    const planned = await waitForRun(csoc.admin, 'aws-org', run.body.id, ['planned'], 240_000);
    expect(planned.state, planned.message).toBe('planned');
    const types = new Set(
      planned.plan.resources.map(
        (resource: any) => resource.address.replace(/^module\.[^.]+\./, '').split('.')[0],
      ),
    );
    for (const type of [
      'aws_vpc',
      'aws_eks_cluster',
      'aws_eks_node_group',
      'aws_rds_cluster',
      'aws_opensearch_domain',
      'aws_s3_bucket',
      'aws_kms_key',
      'aws_sqs_queue',
      'aws_iam_role',
    ]) {
      expect(types, type).toContain(type);
    }
    expect(planned.plan.summary.add).toBeGreaterThan(50);
    const output = (await csoc.admin.get(`/api/v1/orgs/aws-org/runs/${run.body.id}/output?limit=5000`)).text;
    expect(output).not.toContain('CANARY');
    expect(csoc.capturedOutput()).not.toContain('CANARY');
    await csoc.admin.post(`/api/v1/orgs/aws-org/runs/${run.body.id}/discard`);
  }, 300_000);

  it('plans the production example offline through the run engine for the commons namespace, and its Gen3 values render', async () => {
    // Installed by the test above (same CSOC).
    const account = await csoc.admin.post('/api/v1/orgs/aws-org/accounts', {
      kind: 'aws',
      name: 'aws-prod',
      public: { accountId: productionInputs.accountId, region: productionInputs.region },
      secrets: {
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      },
    });
    expect(account.status, account.text).toBe(201);
    const gen3 = {
      release: '2025.09',
      hostname: productionInputs.hostname,
      dictionaryUrl: 'https://s3.amazonaws.com/dictionary-artifacts/datadictionary/develop/schema.json',
    };
    const document = {
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'Commons',
      metadata: { name: 'brain' },
      spec: {
        environment: 'prod',
        plugin: { name: 'aws', version: manifest.version },
        account: 'aws-prod',
        inputs: productionInputs,
        gen3,
      },
    };
    const commons = await csoc.admin.post('/api/v1/orgs/aws-org/commons', document);
    expect(commons.status, commons.text).toBe(201);
    const run = await csoc.admin.post('/api/v1/orgs/aws-org/commons/brain/runs', {});
    const planned = await waitForRun(csoc.admin, 'aws-org', run.body.id, ['planned'], 300_000);
    expect(planned.state, planned.message).toBe('planned');
    const roles = planned.plan.resources
      .map((resource: any) => resource.address)
      .filter((address: string) => address.startsWith('aws_iam_role.irsa['));
    expect(roles).toContain('aws_iam_role.irsa["hatchery"]');
    // The example's namespace input ("gen3") gives way to the commons name, and the run says so.
    const output = (await csoc.admin.get(`/api/v1/orgs/aws-org/runs/${run.body.id}/output?limit=5000`)).text;
    expect(output).toMatch(/input namespace .{1,3}gen3.{1,3} is not used/);
    await csoc.admin.post(`/api/v1/orgs/aws-org/runs/${run.body.id}/discard`);

    // Before an apply the values render from the plugin's placeholders, through the plugin's own mapping.
    const preview = await csoc.admin.post('/api/v1/orgs/aws-org/gitops/render', document);
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.placeholders).toBe(true);
    const values = preview.body.files['values.yaml'] as string;
    expect(values).toContain('hatchery_role: ctds-prod-brain-hatchery');
    expect(values).toContain('account: "000000000000"');
    expect(preview.body.files['app.yaml']).toContain('targetRevision: 0.3.90');
  }, 420_000);
});
