// Production hardening and the names gen3-helm expects, checked on real offline plans of the aws plugin's
// Terraform (fake credentials, provider from the local mirror, no AWS call) through `terraform show -json`:
// a private or CIDR-restricted Kubernetes API, VPC flow logs, TLS-only SCRAM Aurora that never plans a
// downgrade after an AWS minor upgrade, OpenSearch only in compatibility mode, WAF managed rules counting
// and the rate limit on login paths only, pinned add-on versions, External Secrets limited to the commons'
// namespace, queue encryption visible at plan time, and IAM roles named and trusted as the gen3-helm
// templates in ../shared/gen3-helm annotate them. What only AWS can show (that the pinned add-on builds
// exist, that RDS accepts the parameter group) is not exercised here.
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertTerraformAvailable,
  createTerraformWorkspace,
  type TerraformResult,
  type TerraformWorkspace,
} from './testing/createTerraformWorkspace.ts';
import { findProviderMirror } from './testing/findProviderMirror.ts';
import { startRecordingProxy, type RecordingProxy } from './testing/startRecordingProxy.ts';
import { toTerraformVariables } from './toTerraformVariables.ts';

const pluginDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = resolve(pluginDir, '..', '..');
const chartsDir = join(
  process.env.CSOC_SHARED_DIR ? resolve(process.env.CSOC_SHARED_DIR) : resolve(repoRoot, '..', 'shared'),
  'gen3-helm',
);
const readExample = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(pluginDir, 'examples', `${name}.inputs.json`), 'utf8'));
const readChartFile = (...parts: string[]): string => readFileSync(join(chartsDir, ...parts), 'utf8');

const FAKE_KEYS = { AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE', AWS_SECRET_ACCESS_KEY: 'fake-secret-key' };

type SetName = 'dev' | 'production' | 'existing-vpc';
const inputSets: Record<SetName, Record<string, unknown>> = {
  dev: readExample('dev'),
  production: readExample('production'),
  'existing-vpc': readExample('existing-vpc'),
};
const setNames = Object.keys(inputSets) as SetName[];

interface Change {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  change: { actions: string[]; after: Record<string, any>; after_unknown: Record<string, any> };
}
interface PlanJson {
  resource_changes: Change[];
  planned_values: { outputs: Record<string, { value?: unknown }> };
}

let workspace: TerraformWorkspace;
let proxy: RecordingProxy;
const plans = {} as Record<SetName, PlanJson>;
let auroraAfterMinorUpgrade: PlanJson;
let refusedWorldOpen: TerraformResult;
let refusedPublicWithoutCidrs: TerraformResult;
/** Terraform wraps its messages at 80 columns; assertions read them as one line. */
const messages = (result: TerraformResult): string => result.stderr.replace(/\s+/g, ' ');

async function terraform(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await workspace.run(args, env);
  if (result.code !== 0) {
    throw new Error(`terraform ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr}`);
  }
  return result.stdout;
}

const planEnv = (region: string): NodeJS.ProcessEnv => ({
  ...FAKE_KEYS,
  AWS_REGION: region,
  HTTPS_PROXY: proxy.url,
  HTTP_PROXY: proxy.url,
});

async function writeVarFile(name: string, variables: Record<string, unknown>): Promise<string> {
  const file = join(workspace.dir, `${name}.tfvars.json`);
  await writeFile(file, JSON.stringify({ ...variables, plan_offline: true }, null, 2));
  return file;
}

/** Plans `variables` (optionally against a prepared state, without refreshing it) and returns the plan JSON. */
async function plan(name: string, variables: Record<string, unknown>, stateFile?: string): Promise<PlanJson> {
  const varFile = await writeVarFile(name, variables);
  const args = [
    'plan',
    '-input=false',
    '-lock=false',
    '-no-color',
    `-var-file=${varFile}`,
    `-out=${name}.tfplan`,
  ];
  if (stateFile) args.push(`-state=${stateFile}`, '-refresh=false');
  await terraform(args, planEnv(String(variables.region)));
  return JSON.parse(await terraform(['show', '-json', `${name}.tfplan`]));
}

async function planExpectingRefusal(
  name: string,
  variables: Record<string, unknown>,
): Promise<TerraformResult> {
  const varFile = await writeVarFile(name, variables);
  return workspace.run(
    ['plan', '-input=false', '-lock=false', '-no-color', `-var-file=${varFile}`],
    planEnv(String(variables.region)),
  );
}

/**
 * A state holding the dev commons' Aurora cluster (and the key it is encrypted with, so nothing forces a
 * replacement) as it is after AWS applied a minor upgrade the inputs do not know about: the configuration
 * still says 16.6, the cluster runs 16.8.
 */
async function writeUpgradedAuroraState(): Promise<string> {
  const file = join(workspace.dir, 'aurora-upgraded.tfstate');
  const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/0d7e2c1a-1111-2222-3333-444455556666';
  const instance = (type: string, attributes: Record<string, unknown>) => ({
    mode: 'managed',
    type,
    name: 'main',
    provider: 'provider["registry.terraform.io/hashicorp/aws"]',
    instances: [{ schema_version: 0, attributes, sensitive_attributes: [] }],
  });
  const resources = [
    instance('aws_kms_key', {
      id: '0d7e2c1a-1111-2222-3333-444455556666',
      key_id: '0d7e2c1a-1111-2222-3333-444455556666',
      arn: keyArn,
      key_usage: 'ENCRYPT_DECRYPT',
      customer_master_key_spec: 'SYMMETRIC_DEFAULT',
      multi_region: false,
      is_enabled: true,
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      bypass_policy_lockout_safety_check: false,
    }),
    instance('aws_rds_cluster', {
      id: 'gen3-dev-aurora',
      cluster_identifier: 'gen3-dev-aurora',
      engine: 'aurora-postgresql',
      engine_mode: 'provisioned',
      engine_version: '16.8',
      master_username: 'postgres',
      storage_encrypted: true,
      kms_key_id: keyArn,
      db_subnet_group_name: 'gen3-dev-aurora',
      port: 5432,
      endpoint: 'gen3-dev-aurora.cluster-abc.us-east-1.rds.amazonaws.com',
      reader_endpoint: 'gen3-dev-aurora.cluster-ro-abc.us-east-1.rds.amazonaws.com',
    }),
  ];
  const state = {
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: 'aurora-minor-upgrade',
    outputs: {},
    resources,
  };
  await writeFile(file, JSON.stringify(state));
  return file;
}

const find = (planJson: PlanJson, address: string): Change => {
  const found = planJson.resource_changes.find((r) => r.address === address);
  if (!found) throw new Error(`${address} is not in the plan`);
  return found;
};
const after = (planJson: PlanJson, address: string): Record<string, any> =>
  find(planJson, address).change.after;
const ofType = (planJson: PlanJson, type: string): Change[] =>
  planJson.resource_changes.filter((r) => r.mode === 'managed' && r.type === type);
const output = (planJson: PlanJson, name: string): any => planJson.planned_values.outputs[name]?.value;

/** IAM resource globs ("arn:...:secret:prefix-*") as a test of a concrete ARN. */
const globMatches = (glob: string, value: string): boolean =>
  new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);

beforeAll(async () => {
  assertTerraformAvailable();
  if (!existsSync(chartsDir)) throw new Error(`gen3-helm reference data not found at ${chartsDir}`);
  workspace = await createTerraformWorkspace({
    moduleDir: join(pluginDir, 'terraform'),
    mirror: findProviderMirror(),
  });
  proxy = await startRecordingProxy();
  await terraform(['init', '-input=false', '-no-color']);
  const devVariables = toTerraformVariables(inputSets.dev);
  const [planned, upgraded, worldOpen, withoutCidrs] = await Promise.all([
    Promise.all(setNames.map((name) => plan(`hardening-${name}`, toTerraformVariables(inputSets[name])))),
    writeUpgradedAuroraState().then((state) => plan('hardening-aurora-upgraded', devVariables, state)),
    planExpectingRefusal('hardening-refused', {
      ...devVariables,
      cluster_endpoint_public_access: true,
      cluster_public_access_cidrs: ['0.0.0.0/0'],
      opensearch_engine_version: 'OpenSearch_1.3',
      kubernetes_version: '1.32',
      waf_managed_rules_action: 'allow',
      waf_rate_limited_paths: ['user/login'],
    }),
    planExpectingRefusal('hardening-refused-public', {
      ...devVariables,
      cluster_endpoint_public_access: true,
    }),
  ]);
  setNames.forEach((name, index) => (plans[name] = planned[index] as PlanJson));
  auroraAfterMinorUpgrade = upgraded;
  refusedWorldOpen = worldOpen;
  refusedPublicWithoutCidrs = withoutCidrs;
}, 600_000);

afterAll(async () => {
  await proxy?.close();
  await workspace?.remove();
});

describe('aws plugin Terraform: production hardening', () => {
  it('keeps the Kubernetes API private unless the operator names who may reach it, never the whole internet', () => {
    for (const name of ['dev', 'production'] as const) {
      const vpcConfig = after(plans[name], 'aws_eks_cluster.main').vpc_config[0];
      expect(vpcConfig.endpoint_public_access, name).toBe(false);
      expect(vpcConfig.endpoint_private_access, name).toBe(true);
    }
    const restricted = after(plans['existing-vpc'], 'aws_eks_cluster.main').vpc_config[0];
    expect(restricted.endpoint_public_access).toBe(true);
    expect([...restricted.public_access_cidrs].sort()).toEqual(['198.51.100.17/32', '203.0.113.0/24']);

    expect(refusedWorldOpen.code).toBe(1);
    expect(messages(refusedWorldOpen)).toContain('var.cluster_public_access_cidrs ');
    expect(messages(refusedWorldOpen)).toContain('never open to the whole internet');
    expect(refusedPublicWithoutCidrs.code).toBe(1);
    expect(messages(refusedPublicWithoutCidrs)).toContain(
      'cluster_endpoint_public_access needs cluster_public_access_cidrs',
    );
  });

  it('records every connection of the VPC (created or existing) in an encrypted log group', () => {
    for (const name of setNames) {
      const flowLog = after(plans[name], 'aws_flow_log.main');
      expect(flowLog.traffic_type, name).toBe('ALL');
      expect(flowLog.log_destination_type, name).toBe('cloud-watch-logs');
      const logGroup = after(plans[name], 'aws_cloudwatch_log_group.vpc_flow_logs');
      expect(logGroup.name).toBe(`/aws/vpc/${inputSets[name].environment}/flow-logs`);
      expect(
        find(plans[name], 'aws_cloudwatch_log_group.vpc_flow_logs').change.after_unknown.kms_key_id,
      ).toBe(true);
    }
    expect(after(plans.production, 'aws_cloudwatch_log_group.vpc_flow_logs').retention_in_days).toBe(365);
    expect(after(plans['existing-vpc'], 'aws_flow_log.main').vpc_id).toBe('vpc-0a1b2c3d4e5f60718');
  });

  it('gives Aurora a parameter group that forces TLS and SCRAM password hashes', () => {
    for (const name of setNames) {
      const group = after(plans[name], 'aws_rds_cluster_parameter_group.main');
      expect(group.family, name).toBe('aurora-postgresql16');
      const parameters = Object.fromEntries(group.parameter.map((p: any) => [p.name, p.value]));
      expect(parameters, name).toEqual({ 'rds.force_ssl': '1', password_encryption: 'scram-sha-256' });
      const cluster = find(plans[name], 'aws_rds_cluster.main').change;
      // The group name comes from name_prefix, known after apply; the cluster must take it.
      expect(cluster.after_unknown.db_cluster_parameter_group_name, name).toBe(true);
      expect(cluster.after.allow_major_version_upgrade, name).toBe(false);
    }
  });

  it('does not plan an Aurora downgrade after AWS applied a minor upgrade', () => {
    const cluster = find(auroraAfterMinorUpgrade, 'aws_rds_cluster.main').change;
    expect(cluster.actions).toEqual(['update']);
    expect(cluster.after.engine_version).toBe('16.8');
    for (const instance of ofType(auroraAfterMinorUpgrade, 'aws_rds_cluster_instance')) {
      expect(instance.change.after.engine_version ?? null, instance.address).toBeNull();
    }
  });

  it('runs OpenSearch only in Elasticsearch 7 compatibility mode, Elasticsearch 7.10 as it is', () => {
    expect(after(plans['existing-vpc'], 'aws_opensearch_domain.main')).toMatchObject({
      engine_version: 'OpenSearch_2.17',
      advanced_options: { override_main_response_version: 'true' },
    });
    const elasticsearch = after(plans.dev, 'aws_opensearch_domain.main');
    expect(elasticsearch.engine_version).toBe('Elasticsearch_7.10');
    expect(elasticsearch.advanced_options?.override_main_response_version).toBeUndefined();
    expect(messages(refusedWorldOpen)).toContain('var.opensearch_engine_version ');
  });

  it('counts AWS managed WAF rules by default and rate-limits only the login paths', () => {
    const waf = after(plans.production, 'aws_wafv2_web_acl.main[0]');
    const managed = waf.rule.filter((r: any) => r.statement[0].managed_rule_group_statement.length > 0);
    expect(managed.map((r: any) => r.name).sort()).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    for (const rule of managed) {
      expect(rule.override_action, rule.name).toEqual([{ count: [{}], none: [] }]);
    }
    const rate = waf.rule.find((r: any) => r.name === 'RateLimitLoginPerIp');
    expect(rate.action[0].block).toHaveLength(1);
    const statement = rate.statement[0].rate_based_statement[0];
    expect(statement.limit).toBe(3000);
    const regex = statement.scope_down_statement[0].regex_match_statement[0];
    expect(regex.field_to_match[0].uri_path).toHaveLength(1);
    expect(regex.text_transformation.map((t: any) => t.type)).toEqual(['URL_DECODE', 'NORMALIZE_PATH']);
    const scoped = new RegExp(regex.regex_string);
    for (const path of [
      '/user/login/google',
      '/user/oauth2/token',
      '/user/credentials/api/access_token',
      '/login',
    ]) {
      expect(scoped.test(path), path).toBe(true);
    }
    for (const path of [
      '/user/data/download/dg.1234/abc',
      '/index/index',
      '/api/v0/submission/graphql',
      '/',
    ]) {
      expect(scoped.test(path), path).toBe(false);
    }
    expect(messages(refusedWorldOpen)).toContain('var.waf_managed_rules_action ');
    expect(messages(refusedWorldOpen)).toContain('var.waf_rate_limited_paths ');
  });

  it('pins the version of every EKS add-on', () => {
    for (const name of setNames) {
      const addons = ofType(plans[name], 'aws_eks_addon').map((r) => r.change.after);
      expect(addons.map((a) => a.addon_name).sort()).toEqual([
        'aws-ebs-csi-driver',
        'coredns',
        'eks-pod-identity-agent',
        'kube-proxy',
        'vpc-cni',
      ]);
      for (const addon of addons) {
        expect(addon.addon_version, addon.addon_name).toMatch(/^v[0-9]+\.[0-9]+\.[0-9]+-eksbuild\.[0-9]+$/);
        expect(output(plans[name], 'eks_addon_versions')[addon.addon_name]).toBe(addon.addon_version);
      }
    }
    expect(messages(refusedWorldOpen)).toContain('var.eks_addon_versions ');
    expect(messages(refusedWorldOpen)).toContain('when kubernetes_version is not 1.33');
  });

  it("lets External Secrets read only the commons namespace's secrets, never the Aurora master credentials", () => {
    const planJson = plans.production; // accountId is given, so the secret ARNs are known at plan time
    const policy = after(planJson, 'data.aws_iam_policy_document.external_secrets');
    const read = policy.statement.find((s: any) => s.sid === 'ReadNamespaceSecrets');
    expect(read.resources).toEqual(['arn:aws:secretsmanager:us-east-2:123456789012:secret:ctds-prod-gen3-*']);
    const arnOf = (secretName: string) =>
      `arn:aws:secretsmanager:us-east-2:123456789012:secret:${secretName}-AbCdEf`;
    const serviceSecrets = ofType(planJson, 'aws_secretsmanager_secret')
      .map((r) => r.change.after.name as string)
      .filter((secretName) => secretName !== output(planJson, 'aurora_master_secret_name'));
    expect(serviceSecrets.length).toBeGreaterThan(0);
    for (const secretName of serviceSecrets) {
      expect(globMatches(read.resources[0], arnOf(secretName)), secretName).toBe(true);
    }
    const master = output(planJson, 'aurora_master_secret_name');
    expect(master).toBe('ctds-prod-aurora-master-password');
    expect(globMatches(read.resources[0], arnOf(master))).toBe(false);
    // Another commons in the same account with another namespace stays out of reach.
    expect(globMatches(read.resources[0], arnOf('ctds-prod-other-fence-creds'))).toBe(false);
  });

  it('encrypts the Gen3 queues with a key the plan names (its alias), not an ARN known only after apply', () => {
    for (const name of setNames) {
      for (const queue of ofType(plans[name], 'aws_sqs_queue').filter(
        (r) => !r.address.includes('karpenter'),
      )) {
        expect(queue.change.after.kms_master_key_id, queue.address).toBe(
          `alias/${inputSets[name].environment}-gen3`,
        );
        expect(queue.change.after_unknown.kms_master_key_id ?? false, queue.address).toBe(false);
      }
      expect(output(plans[name], 'sqs_kms_key_alias')).toBe(`alias/${inputSets[name].environment}-gen3`);
    }
  });
});

describe('aws plugin Terraform: the names gen3-helm templates expect', () => {
  /** `metadata.name` of the first document of a chart template that creates a ServiceAccount. */
  const serviceAccountNameIn = (chart: string, template: string): string => {
    const text = readChartFile(chart, 'templates', template);
    const match = /kind: ServiceAccount\s*\nmetadata:\s*\n\s+name: ([a-z0-9-]+)\s*\n/.exec(text);
    if (!match)
      throw new Error(`${chart}/templates/${template} creates no ServiceAccount with a literal name`);
    return match[1] as string;
  };
  /** The role path and name a cluster-level-resources template annotates, for cluster `cluster`. */
  const clusterRoleIn = (template: string, pattern: RegExp, cluster: string): string => {
    const text = readChartFile('cluster-level-resources', 'templates', template);
    const match = pattern.exec(text);
    if (!match) throw new Error(`${template} no longer annotates a role matching ${pattern}`);
    return (match[1] as string).replace(
      /\{\{ \.Values\.eksClusterName \| default \.Values\.cluster \}\}/g,
      cluster,
    );
  };

  it('names the load balancer controller and Karpenter roles as cluster-level-resources annotates them', () => {
    const planJson = plans.production;
    const cluster = String(inputSets.production.environment);
    const karpenterRevision = String(
      parseYaml(readChartFile('cluster-level-resources', 'values.yaml')).karpenter.targetRevision,
    );
    expect(karpenterRevision).toBe('1.0.8'); // the ">=1.0.8" branch of karpenter.yaml is the one named below

    const ingress = clusterRoleIn(
      'alb-controller.yaml',
      /role-arn: arn:aws:iam::\{\{ \.Values\.accountNumber \}\}:role(\/gen3_service\/.+?--default--ingress)/,
      cluster,
    );
    const lbRole = after(planJson, 'aws_iam_role.irsa["load_balancer_controller"]');
    expect(`${lbRole.path}${lbRole.name}`).toBe(ingress);

    const karpenter = clusterRoleIn(
      'karpenter.yaml',
      /role-arn: "arn:aws:iam::\{\{ \.Values\.accountNumber \}\}:role(\/\{\{[^"]*-karpenter-sa)"/,
      cluster,
    );
    const karpenterRole = after(planJson, 'aws_iam_role.irsa["karpenter"]');
    expect(`${karpenterRole.path}${karpenterRole.name}`).toBe(karpenter);
    expect(output(planJson, 'service_accounts').karpenter).toEqual({
      namespace: 'karpenter',
      name: 'karpenter',
    });
    expect(output(planJson, 'service_accounts').load_balancer_controller).toEqual({
      namespace: 'kube-system',
      name: 'aws-load-balancer-controller',
    });

    const nodeClass = readChartFile(
      'cluster-level-resources',
      'templates',
      'karpenter-config-resources-default.yaml',
    );
    const nodeRole = /role: eks_\{\{ index \.Values "karpenter-crds" "selectorTag" \}\}_workers_role/.exec(
      nodeClass,
    );
    expect(nodeRole, 'EC2NodeClass role template').not.toBeNull();
    expect(after(planJson, 'aws_iam_role.karpenter_node[0]').name).toBe(`eks_${cluster}_workers_role`);
    expect(output(planJson, 'karpenter')).toMatchObject({
      node_role_name: `eks_${cluster}_workers_role`,
      discovery_tag: cluster,
    });
  });

  it("trusts the service accounts the Gen3 charts create: hatchery, sower, ssjdispatcher's indexing job, usersync", () => {
    const planJson = plans.dev;
    const namespace = String(inputSets.dev.namespace);
    const expected = {
      hatchery: serviceAccountNameIn('hatchery', 'serviceaccount.yaml'),
      sower: String(parseYaml(readChartFile('sower', 'values.yaml')).serviceAccount.name),
      ssjdispatcher: String(parseYaml(readChartFile('ssjdispatcher', 'values.yaml')).serviceAccount.name),
      ssjdispatcher_job:
        /\n---\s*\napiVersion: v1\s*\nkind: ServiceAccount\s*\nmetadata:\s*\n\s+name: ([a-z0-9-]+)/.exec(
          readChartFile('ssjdispatcher', 'templates', 'serviceaccount.yaml'),
        )?.[1],
      usersync: serviceAccountNameIn('fence', 'usersync-sa.yaml'),
    };
    expect(expected).toEqual({
      hatchery: 'hatchery-service-account',
      sower: 'sower-service-account',
      ssjdispatcher: 'ssjdispatcher-sa',
      ssjdispatcher_job: 'ssjdispatcher-job-sa',
      usersync: 'usersync-job',
    });
    const serviceAccounts = output(planJson, 'service_accounts');
    for (const [key, name] of Object.entries(expected)) {
      expect(serviceAccounts[key], key).toEqual({ namespace, name });
      const trust = after(planJson, `data.aws_iam_policy_document.irsa_trust["${key}"]`);
      const subjects = trust.statement[0].condition.flatMap((c: any) => c.values);
      expect(subjects, key).toContain(`system:serviceaccount:${namespace}:${name}`);
    }
    // The chart gives usersync-job no annotation: its role arrives through EKS Pod Identity.
    expect(after(planJson, 'aws_eks_pod_identity_association.main["usersync"]')).toMatchObject({
      namespace,
      service_account: 'usersync-job',
    });
    const usersyncTrust = after(planJson, 'data.aws_iam_policy_document.irsa_trust["usersync"]');
    expect(usersyncTrust.statement[1].principals[0].identifiers).toEqual(['pods.eks.amazonaws.com']);
    expect(output(planJson, 'pod_identity_service_accounts')).toEqual(['usersync']);
    expect(output(planJson, 'role_names')).toMatchObject({
      hatchery: `gen3-dev-${namespace}-hatchery`,
      sower: `gen3-dev-${namespace}-sower`,
    });
  });

  it('keeps user.yaml in its own bucket, not the data upload bucket, and exposes the queues by name', () => {
    const planJson = plans.dev;
    expect(output(planJson, 'user_yaml_bucket_name')).toBe('gen3-dev-useryaml-bucket');
    expect(output(planJson, 'user_yaml_s3_path')).toBe('s3://gen3-dev-useryaml-bucket/user.yaml');
    expect(output(planJson, 'user_yaml_bucket_name')).not.toBe(output(planJson, 'data_bucket_name'));
    const usersyncPolicy = after(planJson, 'data.aws_iam_policy_document.usersync');
    expect(usersyncPolicy.statement.map((s: any) => s.sid)).toEqual([
      'ReadUserYaml',
      'UserYamlBucket',
      'CommonsKey',
    ]);
    expect(output(planJson, 'sqs_queue_names')).toEqual({
      audit: 'gen3-dev-gen3-audit',
      ssjdispatcher: 'gen3-dev-gen3-ssjdispatcher',
    });
  });
});
