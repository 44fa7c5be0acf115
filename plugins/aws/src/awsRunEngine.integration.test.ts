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

describe('the AWS plugin in the CSOC run engine', () => {
  let csoc: TestCsoc;
  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: createSqliteTestDatabase(),
      env: { CSOC_TF_PLUGIN_MIRROR: findProviderMirror(), CSOC_PLUGIN_ENV: 'CSOC_AWS_PLAN_OFFLINE=true' },
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
});
