// The aws plugin's Terraform, run for real: `terraform init` from the local provider mirror (no download),
// `validate`, `fmt -check`, and offline plans (fake credentials, no AWS call) of four commons — a minimal
// dev one, a production one with WAF, DNS and Karpenter, one in an existing VPC that assumes the
// customer's role through a fake STS, and one with the longest names the schema allows — checked through
// `terraform show -json`. AWS itself cannot run here: STS is faked and every other request is refused.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertTerraformAvailable,
  createTerraformWorkspace,
  type TerraformWorkspace,
} from './testing/createTerraformWorkspace.ts';
import { AWS_PROVIDER_VERSION, findProviderMirror } from './testing/findProviderMirror.ts';
import { startFakeSts, type FakeSts } from './testing/startFakeSts.ts';
import { startRecordingProxy, type RecordingProxy } from './testing/startRecordingProxy.ts';
import { toTerraformVariables } from './toTerraformVariables.ts';

const pluginDir = fileURLToPath(new URL('..', import.meta.url));
const moduleDir = join(pluginDir, 'terraform');
const manifest = JSON.parse(readFileSync(join(pluginDir, 'manifest.json'), 'utf8'));
const readExample = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(pluginDir, 'examples', `${name}.inputs.json`), 'utf8'));

const ROLE_ARN = 'arn:aws:iam::123456789012:role/csoc-gen3';
const EXTERNAL_ID = 'csoc-external-id-1234';
const FAKE_KEYS = { AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE', AWS_SECRET_ACCESS_KEY: 'fake-secret-key' };

/** The input sets planned, as a user would enter them (camelCase). */
type SetName = 'dev' | 'production' | 'existing-vpc' | 'longest-names';
const inputSets: Record<SetName, Record<string, unknown>> = {
  dev: readExample('dev'),
  production: readExample('production'),
  'existing-vpc': readExample('existing-vpc'),
  // Every name at its longest: the limits of AWS naming rules are reached here first.
  'longest-names': {
    ...readExample('production'),
    environment: 'abcdefghij-klm',
    namespace: `n${'-x'.repeat(14)}z`,
    bucketPrefix: `b${'0'.repeat(38)}z`,
    databaseServices: manifest.inputs.properties.databaseServices.items.enum,
  },
};
const setNames = Object.keys(inputSets) as SetName[];

interface ResourceChange {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
  change: { actions: string[]; after: Record<string, any>; after_unknown: Record<string, any> };
}
interface PlanJson {
  variables: Record<string, { value: unknown }>;
  resource_changes: ResourceChange[];
  output_changes: Record<string, unknown>;
  planned_values: { outputs: Record<string, { value?: unknown; sensitive: boolean }> };
  configuration: {
    provider_config: Record<string, { name: string; full_name?: string; expressions?: Record<string, any> }>;
    root_module: {
      resources: { address: string; mode: string; type: string; expressions: Record<string, any> }[];
      module_calls?: Record<string, unknown>;
    };
  };
}

let workspace: TerraformWorkspace;
let proxy: RecordingProxy;
let sts: FakeSts;
const plans = {} as Record<SetName, PlanJson>;
const timings: Record<string, number> = {};

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[label] = Math.round(performance.now() - started);
  }
}

async function terraform(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await workspace.run(args, env);
  if (result.code !== 0) {
    throw new Error(
      `terraform ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr}\n${result.stdout.slice(-4000)}`,
    );
  }
  return result.stdout;
}

/** Writes the tfvars of an input set the way the plugin does, plus the test-only plan_offline switch. */
async function writeVarFile(name: string, inputs: Record<string, unknown>): Promise<string> {
  const file = join(workspace.dir, `${name}.tfvars.json`);
  await writeFile(file, JSON.stringify({ ...toTerraformVariables(inputs), plan_offline: true }, null, 2));
  return file;
}

async function planSet(name: SetName): Promise<PlanJson> {
  const varFile = await writeVarFile(name, inputSets[name]);
  const region = String(inputSets[name].region);
  const env: NodeJS.ProcessEnv = {
    ...FAKE_KEYS,
    AWS_REGION: region,
    HTTPS_PROXY: proxy.url,
    HTTP_PROXY: proxy.url,
  };
  if (name === 'existing-vpc') {
    // The customer-account path: assume a role with an external id, the static keys signing AssumeRole.
    Object.assign(env, {
      TF_VAR_assume_role_arn: ROLE_ARN,
      TF_VAR_assume_role_external_id: EXTERNAL_ID,
      AWS_ENDPOINT_URL_STS: sts.url,
    });
  }
  const planFile = `${name}.tfplan`;
  await timed(`plan ${name}`, () =>
    terraform(
      ['plan', '-input=false', '-lock=false', '-no-color', `-var-file=${varFile}`, `-out=${planFile}`],
      env,
    ),
  );
  return JSON.parse(await timed(`show ${name}`, () => terraform(['show', '-json', planFile])));
}

const managed = (plan: PlanJson): ResourceChange[] =>
  plan.resource_changes.filter((r) => r.mode === 'managed');
const ofType = (plan: PlanJson, type: string): ResourceChange[] =>
  managed(plan).filter((r) => r.type === type);
const one = (plan: PlanJson, address: string): ResourceChange => {
  const found = plan.resource_changes.find((r) => r.address === address);
  if (!found) throw new Error(`${address} is not in the plan`);
  return found;
};
const after = (plan: PlanJson, address: string): Record<string, any> => one(plan, address).change.after;
const configOf = (plan: PlanJson, address: string) => {
  const found = plan.configuration.root_module.resources.find((r) => r.address === address);
  if (!found) throw new Error(`${address} is not in the configuration`);
  return found.expressions;
};
/** The references of a configuration expression, e.g. ["aws_kms_key.main.arn", "aws_kms_key.main"]. */
const refs = (expression: any): string[] => (expression?.references as string[] | undefined) ?? [];
const knownOutput = (plan: PlanJson, name: string): unknown => plan.planned_values.outputs[name]?.value;

beforeAll(async () => {
  const started = performance.now();
  assertTerraformAvailable();
  const mirror = findProviderMirror();
  workspace = await createTerraformWorkspace({ moduleDir, mirror });
  proxy = await startRecordingProxy();
  sts = await startFakeSts();
  await timed('init', () => terraform(['init', '-input=false', '-no-color']));
  const planned = await Promise.all(setNames.map((name) => planSet(name)));
  setNames.forEach((name, index) => (plans[name] = planned[index] as PlanJson));
  timings['setup total'] = Math.round(performance.now() - started);
}, 300_000);

afterAll(async () => {
  console.log(`aws plugin terraform timings (ms): ${JSON.stringify(timings)}`);
  await proxy?.close();
  await sts?.close();
  await workspace?.remove();
});

describe('aws plugin Terraform: init, validate, fmt', () => {
  it('initialises from the provider mirror, pinned by the committed lock file', async () => {
    const lock = readFileSync(join(moduleDir, '.terraform.lock.hcl'), 'utf8');
    expect(lock).toContain(`version     = "${AWS_PROVIDER_VERSION}"`);
    const providers = await terraform(['version', '-json']);
    expect(JSON.parse(providers).provider_selections).toEqual({
      'registry.terraform.io/hashicorp/aws': AWS_PROVIDER_VERSION,
    });
  });

  it('is valid (terraform validate)', async () => {
    const result = JSON.parse(await terraform(['validate', '-json', '-no-color']));
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  }, 180_000);

  it('is formatted (terraform fmt -check)', async () => {
    const result = await workspace.run(['fmt', '-check', '-recursive', '-list=true', moduleDir]);
    expect(result.stdout.trim(), 'files terraform fmt would change').toBe('');
    expect(result.code).toBe(0);
  }, 120_000);
});

describe('aws plugin Terraform: offline plans', () => {
  it('uses only hashicorp/aws resources (and Terraform built-ins), no modules, and only data sources computed without AWS', () => {
    for (const name of setNames) {
      const plan = plans[name];
      // terraform.io/builtin/terraform ships inside the terraform binary: nothing to download.
      expect(
        Object.values(plan.configuration.provider_config)
          .map((p) => p.full_name)
          .filter((provider) => provider !== 'terraform.io/builtin/terraform'),
      ).toEqual(['registry.terraform.io/hashicorp/aws']);
      expect(plan.configuration.root_module.module_calls ?? {}).toEqual({});
      for (const resource of plan.resource_changes) expect(resource.type).toMatch(/^(aws_|terraform_data$)/);
      const dataSources = new Set(plan.resource_changes.filter((r) => r.mode === 'data').map((r) => r.type));
      for (const type of dataSources) expect(['aws_iam_policy_document', 'aws_partition']).toContain(type);
    }
  });

  it('makes no AWS API call while planning: only the one deliberately unroutable lookup reaches the proxy', () => {
    // The provider's OpenSearch plan step asks for compatible versions and ignores a failure; plan_offline
    // sends it to an RFC 6761 .invalid name. Seeing it here also proves the proxy catches provider traffic.
    expect(proxy.hosts.length).toBeGreaterThan(0);
    expect(new Set(proxy.hosts)).toEqual(new Set(['plan-offline.invalid:443']));
  });

  it('assumes the customer role with its external id, signing AssumeRole with the base keys', () => {
    expect(sts.calls.length).toBeGreaterThan(0);
    for (const call of sts.calls) {
      expect(call.params).toMatchObject({
        Action: 'AssumeRole',
        RoleArn: ROLE_ARN,
        ExternalId: EXTERNAL_ID,
        RoleSessionName: 'csoc-lab-commons',
      });
      expect(call.signedWithAccessKeyId).toBe(FAKE_KEYS.AWS_ACCESS_KEY_ID);
    }
  });

  it('plans a minimal dev commons: new VPC over three zones with one NAT, EKS, Aurora, OpenSearch, buckets, queues', () => {
    const plan = plans.dev;
    const subnets = ofType(plan, 'aws_subnet').map((r) => r.change.after);
    expect(subnets.map((s) => s.availability_zone).sort()).toEqual([
      'us-east-1a',
      'us-east-1a',
      'us-east-1b',
      'us-east-1b',
      'us-east-1c',
      'us-east-1c',
    ]);
    expect(subnets.map((s) => s.cidr_block).sort()).toEqual([
      '10.0.0.0/22',
      '10.0.12.0/24',
      '10.0.13.0/24',
      '10.0.14.0/24',
      '10.0.4.0/22',
      '10.0.8.0/22',
    ]);
    expect(after(plan, 'aws_vpc.main[0]').cidr_block).toBe('10.0.0.0/20');
    expect(ofType(plan, 'aws_nat_gateway')).toHaveLength(1);
    expect(ofType(plan, 'aws_route').filter((r) => r.name === 'private_nat')).toHaveLength(3);
    expect(ofType(plan, 'aws_eks_cluster')).toHaveLength(1);
    expect(ofType(plan, 'aws_eks_node_group')).toHaveLength(1);
    expect(after(plan, 'aws_eks_node_group.main').scaling_config).toEqual([
      { min_size: 2, max_size: 6, desired_size: 2 },
    ]);
    expect(ofType(plan, 'aws_iam_openid_connect_provider')).toHaveLength(1);
    expect(ofType(plan, 'aws_rds_cluster_instance')).toHaveLength(1);
    expect(ofType(plan, 'aws_opensearch_domain')).toHaveLength(1);
    expect(
      ofType(plan, 'aws_s3_bucket')
        .map((r) => r.change.after.bucket)
        .sort(),
    ).toEqual([
      'gen3-dev-data-bucket',
      'gen3-dev-logs-bucket',
      'gen3-dev-manifest-bucket',
      'gen3-dev-useryaml-bucket',
    ]);
    expect(
      ofType(plan, 'aws_sqs_queue')
        .map((r) => r.change.after.name)
        .sort(),
    ).toEqual([
      'gen3-dev-gen3-audit',
      'gen3-dev-gen3-audit-dlq',
      'gen3-dev-gen3-ssjdispatcher',
      'gen3-dev-gen3-ssjdispatcher-dlq',
    ]);
    for (const type of [
      'aws_wafv2_web_acl',
      'aws_acm_certificate',
      'aws_route53_record',
      'aws_cloudwatch_event_rule',
    ]) {
      expect(ofType(plan, type), type).toHaveLength(0);
    }
    expect(
      ofType(plan, 'aws_iam_role')
        .map((r) => r.change.after.name)
        .sort(),
    ).toEqual([
      'gen3-dev--default--ingress',
      'gen3-dev-ebs-csi-driver',
      'gen3-dev-eks-cluster',
      'gen3-dev-eks-node',
      'gen3-dev-gen3-audit',
      'gen3-dev-gen3-aws-es-proxy',
      'gen3-dev-gen3-external-secrets',
      'gen3-dev-gen3-fence',
      'gen3-dev-gen3-hatchery',
      'gen3-dev-gen3-manifestservice',
      'gen3-dev-gen3-sower',
      'gen3-dev-gen3-ssjdispatcher',
      'gen3-dev-gen3-ssjdispatcher-job',
      'gen3-dev-gen3-usersync',
      'gen3-dev-vpc-flow-logs',
    ]);
    expect(after(plan, 'aws_rds_cluster.main')).toMatchObject({
      deletion_protection: false,
      skip_final_snapshot: true,
      serverlessv2_scaling_configuration: [{ min_capacity: 0.5, max_capacity: 4 }],
    });
  });

  it('plans a production commons: NAT per zone, private API only, WAF, certificate and DNS, Karpenter', () => {
    const plan = plans.production;
    expect(ofType(plan, 'aws_nat_gateway')).toHaveLength(3);
    expect(ofType(plan, 'aws_eip')).toHaveLength(3);
    expect(ofType(plan, 'aws_rds_cluster_instance').map((r) => r.change.after.availability_zone)).toEqual([
      'us-east-2a',
      'us-east-2b',
    ]);
    expect(after(plan, 'aws_opensearch_domain.main').cluster_config[0]).toMatchObject({
      instance_type: 'r6g.large.search',
      instance_count: 3,
      zone_awareness_enabled: true,
      zone_awareness_config: [{ availability_zone_count: 3 }],
    });
    const waf = after(plan, 'aws_wafv2_web_acl.main[0]');
    expect(waf.scope).toBe('REGIONAL');
    expect(waf.rule.map((r: any) => r.name).sort()).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'RateLimitLoginPerIp',
    ]);
    const rateLimit = waf.rule.find((r: any) => r.name === 'RateLimitLoginPerIp');
    expect(rateLimit.statement[0].rate_based_statement[0].limit).toBe(3000);
    expect(ofType(plan, 'aws_wafv2_web_acl_logging_configuration')).toHaveLength(1);
    expect(after(plan, 'aws_acm_certificate.main[0]')).toMatchObject({
      domain_name: 'data.example.org',
      validation_method: 'DNS',
    });
    expect(after(plan, 'aws_route53_record.hostname[0]')).toMatchObject({
      zone_id: 'Z0123456789ABCDEFGHIJ',
      name: 'data.example.org',
      type: 'CNAME',
      records: ['k8s-gen3-0123456789.us-east-2.elb.amazonaws.com'],
    });
    expect(after(plan, 'aws_route53_record.certificate_validation[0]').zone_id).toBe('Z0123456789ABCDEFGHIJ');
    expect(ofType(plan, 'aws_cloudwatch_event_rule')).toHaveLength(4);
    expect(after(plan, 'aws_iam_role.irsa["karpenter"]').name).toBe('ctds-prod-karpenter-sa');
    expect(after(plan, 'aws_eks_access_entry.karpenter_node[0]').type).toBe('EC2_LINUX');
    expect(
      after(plan, 'aws_eks_access_entry.admin["arn:aws:iam::123456789012:role/platform-admins"]').type,
    ).toBe('STANDARD');
    expect(
      ofType(plan, 'aws_subnet')
        .filter((r) => r.name === 'private')
        .map((r) => r.change.after.tags['karpenter.sh/discovery']),
    ).toEqual(['ctds-prod', 'ctds-prod', 'ctds-prod']);
    expect(after(plan, 'aws_vpc.main[0]').tags_all).toMatchObject({
      CostCenter: 'ctds',
      'csoc:commons': 'ctds-prod',
      'csoc:managed-by': 'csoc-plugin-aws',
    });
  });

  it('plans into an existing VPC: creates no network, uses the given subnets everywhere', () => {
    const plan = plans['existing-vpc'];
    const inputs = inputSets['existing-vpc'] as { existingVpcId: string; existingPrivateSubnetIds: string[] };
    for (const type of [
      'aws_vpc',
      'aws_subnet',
      'aws_nat_gateway',
      'aws_eip',
      'aws_internet_gateway',
      'aws_route_table',
      'aws_vpc_endpoint',
    ]) {
      expect(ofType(plan, type), type).toHaveLength(0);
    }
    expect(after(plan, 'aws_eks_cluster.main').vpc_config[0].subnet_ids).toEqual(
      inputs.existingPrivateSubnetIds,
    );
    expect(after(plan, 'aws_db_subnet_group.aurora').subnet_ids).toEqual(inputs.existingPrivateSubnetIds);
    expect(after(plan, 'aws_eks_node_group.main').subnet_ids).toEqual(inputs.existingPrivateSubnetIds);
    for (const sg of ofType(plan, 'aws_security_group'))
      expect(sg.change.after.vpc_id).toBe(inputs.existingVpcId);
    const search = after(plan, 'aws_opensearch_domain.main');
    expect(search.engine_version).toBe('OpenSearch_2.17');
    expect(search.vpc_options[0].subnet_ids).toEqual(inputs.existingPrivateSubnetIds.slice(0, 2));
    expect(search.cluster_config[0].zone_awareness_config).toEqual([{ availability_zone_count: 2 }]);
    expect(after(plan, 'aws_eks_node_group.main')).toMatchObject({
      ami_type: 'AL2023_ARM_64_STANDARD',
      capacity_type: 'SPOT',
      instance_types: ['m7g.xlarge'],
    });
    expect(
      ofType(plan, 'aws_secretsmanager_secret')
        .map((r) => r.change.after.name)
        .sort(),
    ).toEqual(
      // The database credentials among the other commons secrets secrets.tf creates.
      expect.arrayContaining([
        'lab-commons-aurora-master-password',
        'lab-commons-lab-arborist-creds',
        'lab-commons-lab-fence-creds',
        'lab-commons-lab-indexd-creds',
        'lab-commons-lab-metadata-creds',
        'lab-commons-lab-peregrine-creds',
        'lab-commons-lab-sheepdog-creds',
      ]),
    );
    expect(knownOutput(plan, 'vpc_id')).toBe(inputs.existingVpcId);
    expect(knownOutput(plan, 'private_subnet_ids')).toEqual(inputs.existingPrivateSubnetIds);
  });

  it('configures the Kubernetes API endpoint as asked', () => {
    const expected: Record<SetName, { private: boolean; public: boolean; cidrs: string[] | null }> = {
      dev: { private: true, public: false, cidrs: null },
      production: { private: true, public: false, cidrs: null },
      'existing-vpc': { private: true, public: true, cidrs: ['203.0.113.0/24', '198.51.100.17/32'] },
      'longest-names': { private: true, public: false, cidrs: null },
    };
    for (const name of setNames) {
      const vpc = after(plans[name], 'aws_eks_cluster.main').vpc_config[0];
      expect(vpc.endpoint_private_access, name).toBe(expected[name].private);
      expect(vpc.endpoint_public_access, name).toBe(expected[name].public);
      // public_access_cidrs is a set: Terraform returns it sorted.
      if (expected[name].cidrs)
        expect(vpc.public_access_cidrs, name).toEqual([...expected[name].cidrs].sort());
      else
        expect(
          one(plans[name], 'aws_eks_cluster.main').change.after_unknown.vpc_config[0].public_access_cidrs,
        ).toBe(true);
    }
  });

  it('encrypts every bucket with the commons KMS key, blocks all public access and requires TLS', () => {
    for (const name of setNames) {
      const plan = plans[name];
      const buckets = ofType(plan, 'aws_s3_bucket');
      expect(buckets.map((b) => b.index).sort(), name).toEqual(['data', 'logs', 'manifest', 'useryaml']);
      for (const bucket of buckets) {
        const key = `["${String(bucket.index)}"]`;
        const encryption = after(plan, `aws_s3_bucket_server_side_encryption_configuration.main${key}`)
          .rule[0];
        expect(encryption.apply_server_side_encryption_by_default[0].sse_algorithm).toBe('aws:kms');
        expect(encryption.bucket_key_enabled).toBe(true);
        const encryptionConfig = configOf(plan, 'aws_s3_bucket_server_side_encryption_configuration.main');
        expect(
          refs(encryptionConfig.rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id),
        ).toContain('aws_kms_key.main');
        expect(after(plan, `aws_s3_bucket_public_access_block.main${key}`)).toMatchObject({
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        });
        expect(after(plan, `aws_s3_bucket_ownership_controls.main${key}`).rule[0].object_ownership).toBe(
          'BucketOwnerEnforced',
        );
        expect(after(plan, `aws_s3_bucket_versioning.main${key}`).versioning_configuration[0].status).toBe(
          'Enabled',
        );
        expect(one(plan, `aws_s3_bucket_policy.main${key}`).change.actions).toEqual(['create']);
      }
      // Nothing that could open a bucket: no ACL, website or CORS resources; the bucket policy starts with a deny.
      for (const type of [
        'aws_s3_bucket_acl',
        'aws_s3_bucket_website_configuration',
        'aws_s3_bucket_cors_configuration',
      ]) {
        expect(ofType(plan, type), `${name} ${type}`).toHaveLength(0);
      }
      const bucketPolicy = configOf(plan, 'data.aws_iam_policy_document.bucket').statement[0];
      expect(bucketPolicy).toMatchObject({ effect: { constant_value: 'Deny' } });
    }
  });

  it('encrypts Aurora, OpenSearch, secrets, queues, logs, node disks and Kubernetes secrets; keeps data services private', () => {
    for (const name of setNames) {
      const plan = plans[name];
      const usesKey = (address: string, attribute: string) =>
        expect(refs(configOf(plan, address)[attribute]), `${name} ${address}.${attribute}`).toContain(
          'aws_kms_key.main',
        );

      expect(after(plan, 'aws_rds_cluster.main')).toMatchObject({
        engine: 'aurora-postgresql',
        engine_mode: 'provisioned',
        storage_encrypted: true,
      });
      usesKey('aws_rds_cluster.main', 'kms_key_id');
      for (const instance of ofType(plan, 'aws_rds_cluster_instance')) {
        expect(instance.change.after).toMatchObject({
          instance_class: 'db.serverless',
          publicly_accessible: false,
        });
      }
      const search = after(plan, 'aws_opensearch_domain.main');
      expect(search.encrypt_at_rest[0].enabled).toBe(true);
      expect(refs(configOf(plan, 'aws_opensearch_domain.main').encrypt_at_rest[0].kms_key_id)).toContain(
        'aws_kms_key.main',
      );
      expect(search.node_to_node_encryption[0].enabled).toBe(true);
      expect(search.domain_endpoint_options[0]).toMatchObject({
        enforce_https: true,
        tls_security_policy: 'Policy-Min-TLS-1-2-2019-07',
      });
      expect(search.vpc_options, `${name}: the search domain is VPC-only`).toHaveLength(1);
      for (const secret of ofType(plan, 'aws_secretsmanager_secret'))
        expect(secret.change.after_unknown.kms_key_id).toBe(true);
      usesKey('aws_secretsmanager_secret.db_creds', 'kms_key_id');
      // Queues name the key by its alias, so the plan shows it (terraformHardening.test.ts).
      for (const address of ['aws_sqs_queue.main', 'aws_sqs_queue.dead_letter'])
        expect(refs(configOf(plan, address).kms_master_key_id), `${name} ${address}`).toContain(
          'aws_kms_alias.main',
        );
      usesKey('aws_cloudwatch_log_group.eks', 'kms_key_id');
      expect(after(plan, 'aws_launch_template.node').block_device_mappings[0].ebs[0]).toMatchObject({
        encrypted: 'true',
        volume_type: 'gp3',
      });
      expect(after(plan, 'aws_launch_template.node').metadata_options[0]).toMatchObject({
        http_tokens: 'required',
        http_put_response_hop_limit: 1,
      });
      expect(after(plan, 'aws_eks_cluster.main').encryption_config[0].resources).toEqual(['secrets']);
      expect(after(plan, 'aws_kms_key.main').enable_key_rotation).toBe(true);
      // Passwords are written through write-only arguments: nothing secret is planned into the state.
      for (const version of ofType(plan, 'aws_secretsmanager_secret_version')) {
        expect(version.change.after.secret_string ?? null).toBeNull();
        expect(version.change.after.secret_string_wo ?? null).toBeNull();
        expect(version.change.after.secret_string_wo_version).toBe(1);
      }
      expect(after(plan, 'aws_rds_cluster.main').master_password ?? null).toBeNull();
      expect(after(plan, 'aws_rds_cluster.main').master_password_wo_version).toBe(1);
    }
  });

  it('keeps every name within AWS limits, even with the longest inputs the schema allows', () => {
    const rules: Record<string, { attribute: string; max: number; pattern: RegExp }> = {
      aws_s3_bucket: { attribute: 'bucket', max: 63, pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/ },
      aws_iam_role: { attribute: 'name', max: 64, pattern: /^[\w+=,.@-]+$/ },
      aws_iam_role_policy: { attribute: 'name', max: 128, pattern: /^[\w+=,.@-]+$/ },
      aws_eks_cluster: { attribute: 'name', max: 100, pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/ },
      // A name prefix gets 26 characters appended.
      aws_eks_node_group: {
        attribute: 'node_group_name_prefix',
        max: 63 - 26,
        pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/,
      },
      aws_launch_template: { attribute: 'name_prefix', max: 128 - 26, pattern: /^[\w()./-]+$/ },
      aws_opensearch_domain: { attribute: 'domain_name', max: 28, pattern: /^[a-z][a-z0-9-]{2,27}$/ },
      aws_rds_cluster: {
        attribute: 'cluster_identifier',
        max: 63,
        pattern: /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/,
      },
      aws_rds_cluster_instance: {
        attribute: 'identifier',
        max: 63,
        pattern: /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/,
      },
      aws_db_subnet_group: { attribute: 'name', max: 255, pattern: /^[a-z0-9 ._-]+$/ },
      aws_sqs_queue: { attribute: 'name', max: 80, pattern: /^[A-Za-z0-9_-]+$/ },
      aws_secretsmanager_secret: { attribute: 'name', max: 512, pattern: /^[A-Za-z0-9/_+=.@-]+$/ },
      aws_kms_alias: { attribute: 'name', max: 256, pattern: /^alias\/(?!aws\/)[A-Za-z0-9/_-]+$/ },
      aws_security_group: { attribute: 'name', max: 255, pattern: /^[\w .:/()#,@[\]+=&;{}!$*-]+$/ },
      aws_cloudwatch_log_group: { attribute: 'name', max: 512, pattern: /^[\w./#-]+$/ },
      aws_cloudwatch_event_rule: { attribute: 'name', max: 64, pattern: /^[\w.-]+$/ },
      aws_wafv2_web_acl: { attribute: 'name', max: 128, pattern: /^[\w-]+$/ },
    };
    for (const name of setNames) {
      const plan = plans[name];
      for (const [type, rule] of Object.entries(rules)) {
        for (const resource of ofType(plan, type)) {
          const value = resource.change.after[rule.attribute];
          expect(typeof value, `${name} ${resource.address}.${rule.attribute} is known at plan`).toBe(
            'string',
          );
          expect(value.length, `${name} ${resource.address}: ${value}`).toBeLessThanOrEqual(rule.max);
          expect(value, `${name} ${resource.address}`).toMatch(rule.pattern);
        }
      }
    }
    // The longest-names set really reaches the limits.
    const longest = plans['longest-names'];
    expect(after(longest, 'aws_opensearch_domain.main').domain_name).toHaveLength(28);
    expect(after(longest, 'aws_s3_bucket.main["manifest"]').bucket).toHaveLength(56);
    expect(Math.max(...ofType(longest, 'aws_iam_role').map((r) => r.change.after.name.length))).toBe(63);
  });

  it('produces exactly the outputs the manifest declares, with known values that fit the outputs schema', () => {
    const schema = manifest.outputs;
    const validateKnown = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile({
      ...schema,
      required: [],
    });
    for (const name of setNames) {
      const plan = plans[name];
      expect(Object.keys(plan.output_changes).sort(), name).toEqual(Object.keys(schema.properties).sort());
      const known = Object.fromEntries(
        Object.entries(plan.planned_values.outputs)
          .filter(([, output]) => 'value' in output)
          .map(([key, output]) => [key, output.value]),
      );
      expect(validateKnown(known), `${name}: ${JSON.stringify(validateKnown.errors)}`).toBe(true);
      for (const output of Object.values(plan.planned_values.outputs)) expect(output.sensitive).toBe(false);
    }
    const dev = plans.dev;
    expect(knownOutput(dev, 'cluster_name')).toBe('gen3-dev');
    expect(knownOutput(dev, 'region')).toBe('us-east-1');
    expect(knownOutput(dev, 'data_bucket_name')).toBe('gen3-dev-data-bucket');
    expect(knownOutput(dev, 'aurora_master_secret_name')).toBe('gen3-dev-aurora-master-password');
    expect(knownOutput(dev, 'waf_acl_arn')).toBeNull();
    expect(knownOutput(dev, 'certificate_arn')).toBeNull();
    expect(knownOutput(dev, 'karpenter')).toBeNull();
    expect(knownOutput(dev, 'db_secret_names')).toEqual(
      Object.fromEntries(
        ['arborist', 'audit', 'fence', 'indexd', 'metadata', 'peregrine', 'requestor', 'sheepdog', 'wts'].map(
          (s) => [s, `gen3-dev-gen3-${s}-creds`],
        ),
      ),
    );
    expect(knownOutput(dev, 'service_accounts')).toMatchObject({
      fence: { namespace: 'gen3', name: 'fence-sa' },
      external_secrets: { namespace: 'gen3', name: 'secret-store-sa' },
      load_balancer_controller: { namespace: 'kube-system', name: 'aws-load-balancer-controller' },
    });
    const production = plans.production;
    expect(knownOutput(production, 'account_id')).toBe('123456789012');
    expect(knownOutput(production, 'karpenter')).toEqual({
      node_role_name: 'eks_ctds-prod_workers_role',
      interruption_queue_name: 'ctds-prod-karpenter-interruption',
      discovery_tag: 'ctds-prod',
    });
  });

  it('gives every Terraform variable the default the inputs schema declares', () => {
    const devInputs = inputSets.dev;
    for (const [property, definition] of Object.entries<any>(manifest.inputs.properties)) {
      if (!('default' in definition) || property in devInputs) continue;
      const variable = property.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      expect(plans.dev.variables[variable]?.value, variable).toEqual(definition.default);
    }
  });

  it('has an IAM permission in the manifest for every AWS service the plans touch', () => {
    const servicePrefix: [RegExp, string][] = [
      [
        /^aws_(vpc|subnet|eip|nat_gateway|internet_gateway|route|route_table|default_security_group|security_group|launch_template|ec2_tag|vpc_endpoint|vpc_security_group_ingress_rule|flow_log)(_|$)/,
        'ec2',
      ],
      [/^aws_eks_/, 'eks'],
      [/^aws_iam_/, 'iam'],
      [/^aws_(rds_|db_)/, 'rds'],
      [/^aws_opensearch_/, 'es'],
      [/^aws_s3_/, 's3'],
      [/^aws_sqs_/, 'sqs'],
      [/^aws_kms_/, 'kms'],
      [/^aws_secretsmanager_/, 'secretsmanager'],
      [/^aws_cloudwatch_log_/, 'logs'],
      [/^aws_cloudwatch_event_/, 'events'],
      [/^aws_wafv2_/, 'wafv2'],
      [/^aws_acm_/, 'acm'],
      [/^aws_route53_/, 'route53'],
    ];
    const granted = new Set<string>(
      manifest.permissions.flatMap((p: { actions: string[] }) => p.actions.map((a) => a.split(':')[0])),
    );
    const types = new Set(setNames.flatMap((name) => managed(plans[name]).map((r) => r.type)));
    for (const type of types) {
      const service = servicePrefix.find(([pattern]) => pattern.test(type))?.[1];
      expect(service, `${type} maps to an IAM service`).toBeDefined();
      expect(
        granted.has(service as string),
        `${type} needs ${service}:* actions in manifest.json permissions`,
      ).toBe(true);
    }
  });
});

describe('aws plugin Terraform: bad values are refused at plan time', () => {
  async function planBadValues(name: string, variables: Record<string, unknown>) {
    const varFile = join(workspace.dir, `${name}.tfvars.json`);
    await writeFile(varFile, JSON.stringify({ ...variables, plan_offline: true }));
    return timed(`plan ${name}`, () =>
      workspace.run(['plan', '-input=false', '-lock=false', '-no-color', `-var-file=${varFile}`], {
        ...FAKE_KEYS,
        HTTPS_PROXY: proxy.url,
        HTTP_PROXY: proxy.url,
      }),
    );
  }

  it('names each bad variable and stops before any AWS call', async () => {
    const hostsBefore = proxy.hosts.length;
    // Values JSON Schema cannot judge (alignment, cross-field rules) and ones it can, sent past the schema.
    // Zones are checked against a valid region in a second plan: a zone rule cannot judge a bad region.
    const [independent, zones] = await Promise.all([
      planBadValues('bad-values', {
        environment: 'Gen3_Prod',
        region: 'us-east',
        vpc_cidr: '10.0.0.5/20',
        node_instance_types: ['m5xlarge'],
        node_min_size: 3,
        node_desired_size: 2,
        opensearch_instance_count: 5,
        opensearch_instance_type: 't3.small.search',
        aurora_min_capacity: 8,
        aurora_max_capacity: 4,
        existing_vpc_id: 'vpc-0123456789abcdef0',
        route53_zone_id: 'Z0123456789ABCDEFGHIJ',
      }),
      planBadValues('bad-zones', {
        environment: 'gen3-dev',
        region: 'us-east-1',
        availability_zones: ['us-east-1a', 'eu-west-1b'],
      }),
    ]);
    for (const result of [independent, zones]) {
      expect(result.code).toBe(1);
      expect(result.stdout).not.toContain('Terraform will perform the following actions');
    }
    for (const variable of [
      'environment',
      'region',
      'vpc_cidr',
      'node_instance_types',
      'node_desired_size',
      'opensearch_instance_count',
      'opensearch_instance_type',
      'aurora_max_capacity',
      'existing_vpc_id',
      'route53_zone_id',
    ]) {
      expect(independent.stderr, variable).toContain(`var.${variable} `);
    }
    expect(independent.stderr).toContain('vpc_cidr must be an IPv4 network address');
    expect(zones.stderr).toContain('var.availability_zones ');
    expect(zones.stderr).toContain('availability_zones must list exactly three different availability zones');
    expect(zones.stderr).toContain('availability_zones must be zone names of the chosen region');
    expect(proxy.hosts.length).toBe(hostsBefore);
  }, 180_000);
});
