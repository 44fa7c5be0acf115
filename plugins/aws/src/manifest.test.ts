// The aws plugin's manifest: valid for the SDK, its example inputs accepted, bad inputs refused by the
// inputs JSON Schema (before Terraform or AWS see them), and every input backed by a Terraform variable.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { validateManifest } from '@csoc/plugin-sdk';
import { fieldsOf, loadPluginManifestFixtures } from '@csoc/plugin-sdk/testing/pluginManifestFixtures.ts';
import { describe, expect, it } from 'vitest';
import { DRIVER_VARIABLES, toSnakeCase } from './toTerraformVariables.ts';

const pluginDir = fileURLToPath(new URL('..', import.meta.url));
const { manifest, examples, validateInputs, validateOutputs } = loadPluginManifestFixtures(pluginDir);

const minimal = { environment: 'gen3-dev', region: 'us-east-1' };

describe('aws plugin manifest', () => {
  it('is a valid contract v1 manifest for the SDK', () => {
    const result = validateManifest(manifest);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('accepts its example inputs, and the manifest example is the dev commons', () => {
    expect(Object.keys(examples).sort()).toEqual([
      'dev.inputs.json',
      'existing-vpc.inputs.json',
      'production.inputs.json',
    ]);
    for (const [name, inputs] of Object.entries(examples)) {
      expect(validateInputs(inputs), `${name}: ${JSON.stringify(validateInputs.errors)}`).toBe(true);
    }
    expect(manifest.examples.inputs).toEqual(examples['dev.inputs.json']);
    expect(validateInputs(minimal)).toBe(true);
  });

  const badInputs: [string, Record<string, unknown>, string][] = [
    ['a CIDR with a prefix over 32', { vpcCidr: '10.0.0.0/33' }, 'vpcCidr'],
    ['a VPC too large for AWS (/8)', { vpcCidr: '10.0.0.0/8' }, 'vpcCidr'],
    ['a VPC too small for the subnet layout (/24)', { vpcCidr: '10.0.0.0/24' }, 'vpcCidr'],
    ['an octet over 255', { vpcCidr: '10.300.0.0/20' }, 'vpcCidr'],
    ['a CIDR with three octets', { vpcCidr: '10.0.0/20' }, 'vpcCidr'],
    [
      'a public access CIDR that is not one',
      { clusterPublicAccessCidrs: ['203.0.113.0'] },
      'clusterPublicAccessCidrs',
    ],
    [
      'the whole internet as API access CIDR',
      { clusterPublicAccessCidrs: ['0.0.0.0/0'] },
      'clusterPublicAccessCidrs',
    ],
    ['a region without its number', { ...minimal, region: 'us-east' }, 'region'],
    ['an upper-case region', { ...minimal, region: 'US-EAST-1' }, 'region'],
    ['a region that does not exist', { ...minimal, region: 'mars-north-1' }, 'region'],
    ['two availability zones', { availabilityZones: ['us-east-1a', 'us-east-1b'] }, 'availabilityZones'],
    [
      'four availability zones',
      { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'] },
      'availabilityZones',
    ],
    [
      'the same zone twice',
      { availabilityZones: ['us-east-1a', 'us-east-1a', 'us-east-1b'] },
      'availabilityZones',
    ],
    [
      'a zone that is a region',
      { availabilityZones: ['us-east-1', 'us-east-1b', 'us-east-1c'] },
      'availabilityZones',
    ],
    ['an instance type without its size', { nodeInstanceTypes: ['m5xlarge'] }, 'nodeInstanceTypes'],
    ['an upper-case instance type', { nodeInstanceTypes: ['M5.large'] }, 'nodeInstanceTypes'],
    ['a database class as node type', { nodeInstanceTypes: ['db.r6g.large'] }, 'nodeInstanceTypes'],
    ['a made-up size', { nodeInstanceTypes: ['m5.huge'] }, 'nodeInstanceTypes'],
    ['no instance type', { nodeInstanceTypes: [] }, 'nodeInstanceTypes'],
    ['a search type without .search', { opensearchInstanceType: 'r6g.large' }, 'opensearchInstanceType'],
    [
      'a search type without encryption at rest',
      { opensearchInstanceType: 't2.small.search' },
      'opensearchInstanceType',
    ],
    ['five search nodes (no zone layout)', { opensearchInstanceCount: 5 }, 'opensearchInstanceCount'],
    [
      'OpenSearch 1.3 (no compatibility mode for Gen3)',
      { opensearchEngineVersion: 'OpenSearch_1.3' },
      'opensearchEngineVersion',
    ],
    [
      'an add-on the module does not install',
      { eksAddonVersions: { 'aws-efs-csi-driver': 'v2.0.4-eksbuild.1' } },
      'eksAddonVersions',
    ],
    [
      'an add-on version that is not an EKS build',
      { eksAddonVersions: { coredns: 'latest' } },
      'eksAddonVersions',
    ],
    ['a WAF action other than count or block', { wafManagedRulesAction: 'allow' }, 'wafManagedRulesAction'],
    [
      'a rate-limited path without its leading slash',
      { wafRateLimitedPaths: ['user/login'] },
      'wafRateLimitedPaths',
    ],
    ['an upper-case environment name', { ...minimal, environment: 'Gen3-Dev' }, 'environment'],
    ['an underscore in the environment name', { ...minimal, environment: 'gen3_dev' }, 'environment'],
    ['a double hyphen in the environment name', { ...minimal, environment: 'gen3--dev' }, 'environment'],
    ['an environment name ending with a hyphen', { ...minimal, environment: 'gen3-' }, 'environment'],
    ['an environment name starting with a digit', { ...minimal, environment: '3gen' }, 'environment'],
    ['a two-letter environment name', { ...minimal, environment: 'ab' }, 'environment'],
    [
      'an environment name too long for the OpenSearch domain',
      { ...minimal, environment: 'gen3-production' },
      'environment',
    ],
    ['an upper-case namespace', { namespace: 'Gen3' }, 'namespace'],
    ['a namespace too long for IAM role names', { namespace: 'a'.repeat(31) }, 'namespace'],
    ['a bucket prefix S3 reserves', { bucketPrefix: 'xn--gen3' }, 'bucketPrefix'],
    ['a bucket prefix with a dot', { bucketPrefix: 'gen3.data' }, 'bucketPrefix'],
    ['a bucket prefix too long', { bucketPrefix: 'b'.repeat(41) }, 'bucketPrefix'],
    ['an upper-case hostname', { hostname: 'Data.Example.org' }, 'hostname'],
    [
      'a hosted zone id that is not one',
      { hostname: 'data.example.org', route53ZoneId: 'example.org' },
      'route53ZoneId',
    ],
    ['a hosted zone without a hostname', { route53ZoneId: 'Z0123456789ABCDEFGHIJ' }, 'hostname'],
    [
      'a load balancer name without a hosted zone',
      { loadBalancerDnsName: 'lb.elb.amazonaws.com' },
      'route53ZoneId',
    ],
    [
      'an existing VPC without its subnets',
      { existingVpcId: 'vpc-0123456789abcdef0' },
      'existingPrivateSubnetIds',
    ],
    ['a malformed VPC id', { existingVpcId: 'vpc-123', existingPrivateSubnetIds: [] }, 'existingVpcId'],
    [
      'two existing subnets',
      {
        existingVpcId: 'vpc-0123456789abcdef0',
        existingPrivateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
      },
      'existingPrivateSubnetIds',
    ],
    [
      'public subnets without an existing VPC',
      { existingPublicSubnetIds: ['subnet-0123456789abcdef0'] },
      'existingVpcId',
    ],
    ['an account id of 11 digits', { accountId: '12345678901' }, 'accountId'],
    [
      'an administrator that is not an IAM ARN',
      { clusterAdminPrincipalArns: ['admin'] },
      'clusterAdminPrincipalArns',
    ],
    ['a Kubernetes version EKS does not run', { kubernetesVersion: '1.20' }, 'kubernetesVersion'],
    ['a quarter ACU', { auroraMinCapacity: 0.25 }, 'auroraMinCapacity'],
    ['four Aurora instances', { auroraInstanceCount: 4 }, 'auroraInstanceCount'],
    ['a recovery window AWS refuses', { secretRecoveryWindowDays: 3 }, 'secretRecoveryWindowDays'],
    ['a log retention CloudWatch does not offer', { logRetentionDays: 10 }, 'logRetentionDays'],
    ['a WAF rate limit under 100', { wafRateLimit: 50 }, 'wafRateLimit'],
    ['a tag key in the aws: namespace', { tags: { 'aws:owner': 'x' } }, 'tags'],
    ['a database service Gen3 does not have', { databaseServices: ['mysql'] }, 'databaseServices'],
    ['an unknown field', { planOffline: true }, 'planOffline'],
  ];

  it.each(badInputs)('refuses %s', (_what, patch, field) => {
    expect(validateInputs({ ...minimal, ...patch })).toBe(false);
    expect(fieldsOf(validateInputs.errors)).toContain(field);
  });

  it('refuses inputs without an environment or a region', () => {
    expect(validateInputs({ region: 'us-east-1' })).toBe(false);
    expect(fieldsOf(validateInputs.errors)).toEqual(['environment']);
    expect(validateInputs({ environment: 'gen3-dev' })).toBe(false);
    expect(fieldsOf(validateInputs.errors)).toEqual(['region']);
  });

  it('backs every input with the Terraform variable of the same name in snake_case, and nothing else', () => {
    const variablesTf = readFileSync(join(pluginDir, 'terraform', 'variables.tf'), 'utf8');
    const variables = [...variablesTf.matchAll(/^variable "([a-z0-9_]+)"/gm)].map((match) => match[1]);
    const fromInputs = Object.keys(manifest.inputs.properties).map(toSnakeCase);
    expect([...fromInputs, ...DRIVER_VARIABLES].sort()).toEqual([...variables].sort());
  });

  it('declares an outputs schema that accepts a complete set of outputs', () => {
    const arn = (kind: string) => `arn:aws:iam::123456789012:${kind}`;
    const outputs = {
      region: 'us-east-1',
      account_id: '123456789012',
      environment: 'gen3-dev',
      namespace: 'gen3',
      hostname: null,
      vpc_id: 'vpc-0123456789abcdef0',
      private_subnet_ids: ['subnet-1', 'subnet-2', 'subnet-3'],
      public_subnet_ids: [],
      availability_zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      kms_key_arn: 'arn:aws:kms:us-east-1:123456789012:key/1234',
      cluster_name: 'gen3-dev',
      cluster_endpoint: 'https://ABC.gr7.us-east-1.eks.amazonaws.com',
      cluster_certificate_authority_data: 'LS0tLS1CRUdJTi==',
      cluster_security_group_id: 'sg-0123456789abcdef0',
      oidc_provider_arn: arn('oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC'),
      oidc_issuer_url: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC',
      aurora_cluster_identifier: 'gen3-dev-aurora',
      aurora_writer_endpoint: 'gen3-dev-aurora.cluster-abc.us-east-1.rds.amazonaws.com',
      aurora_reader_endpoint: 'gen3-dev-aurora.cluster-ro-abc.us-east-1.rds.amazonaws.com',
      aurora_port: 5432,
      aurora_master_secret_name: 'gen3-dev-aurora-master-password',
      db_secret_names: { fence: 'gen3-dev-gen3-fence-creds' },
      opensearch_domain_name: 'gen3-dev-gen3-metadata',
      opensearch_endpoint: 'vpc-gen3-dev-gen3-metadata-abc.us-east-1.es.amazonaws.com',
      data_bucket_name: 'gen3-dev-data-bucket',
      logs_bucket_name: 'gen3-dev-logs-bucket',
      manifest_bucket_name: 'gen3-dev-manifest-bucket',
      sqs_queue_urls: {
        audit: 'https://sqs.us-east-1.amazonaws.com/123456789012/gen3-dev-gen3-audit',
        ssjdispatcher: 'https://sqs.us-east-1.amazonaws.com/123456789012/gen3-dev-gen3-ssjdispatcher',
      },
      waf_acl_arn: null,
      certificate_arn: null,
      role_arns: Object.fromEntries(
        [
          'fence',
          'audit',
          'hatchery',
          'manifestservice',
          'ssjdispatcher',
          'aws_es_proxy',
          'external_secrets',
          'load_balancer_controller',
          'ebs_csi_driver',
          'ssjdispatcher_job',
          'sower',
          'usersync',
        ].map((key) => [key, arn(`role/gen3-dev-${key}`)]),
      ),
      service_accounts: { fence: { namespace: 'gen3', name: 'fence-sa' } },
      karpenter: null,
      user_yaml_bucket_name: 'gen3-dev-useryaml-bucket',
      user_yaml_s3_path: 's3://gen3-dev-useryaml-bucket/user.yaml',
      sqs_queue_names: { audit: 'gen3-dev-gen3-audit', ssjdispatcher: 'gen3-dev-gen3-ssjdispatcher' },
      sqs_kms_key_alias: 'alias/gen3-dev-gen3',
      role_names: { hatchery: 'gen3-dev-gen3-hatchery' },
      pod_identity_service_accounts: ['usersync'],
      eks_addon_versions: { coredns: 'v1.12.4-eksbuild.1' },
      argocd_role_arn: 'arn:aws:iam::123456789012:role/gen3-dev-argocd',
    };
    expect(validateOutputs(outputs), JSON.stringify(validateOutputs.errors)).toBe(true);
    expect(validateOutputs({ ...outputs, role_arns: { fence: 'not-an-arn' } })).toBe(false);
  });
});
