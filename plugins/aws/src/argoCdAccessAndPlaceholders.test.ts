// On one real offline plan of the production example with an Argo CD principal (fake credentials, provider
// from the local mirror, no AWS call): the role the central Argo CD assumes for the cluster (ADR 0029) —
// trusted by that principal only, granted the cluster by an EKS access entry with cluster-admin scope, and
// reported as argocd_role_arn, the output the deploy's cluster registration reads (awsAuthConfig.roleARN);
// and the placeholders used before an apply have every output the plan declares, with the plan's shape and,
// where the plan already knows a value (role and Karpenter names), that value.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeholderOutputs } from './placeholderOutputs.ts';
import {
  assertTerraformAvailable,
  createTerraformWorkspace,
  type TerraformWorkspace,
} from './testing/createTerraformWorkspace.ts';
import { findProviderMirror } from './testing/findProviderMirror.ts';
import { startRecordingProxy, type RecordingProxy } from './testing/startRecordingProxy.ts';
import { toTerraformVariables } from './toTerraformVariables.ts';

const pluginDir = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(pluginDir, 'manifest.json'), 'utf8'));
const production = JSON.parse(readFileSync(join(pluginDir, 'examples', 'production.inputs.json'), 'utf8'));
const ARGOCD_PRINCIPAL = 'arn:aws:iam::210987654321:role/csoc-argocd-application-controller';
const COMMONS = 'brain';

interface Change {
  address: string;
  type: string;
  change: { actions: string[]; after: Record<string, any>; after_unknown: Record<string, any> };
}
interface PlanJson {
  resource_changes: Change[];
  planned_values: { outputs: Record<string, { value?: unknown }> };
  output_changes: Record<string, { after_unknown?: unknown }>;
  configuration: {
    root_module: {
      outputs: Record<string, unknown>;
      resources: Array<{ address: string; expressions: Record<string, any> }>;
    };
  };
}

let workspace: TerraformWorkspace;
let proxy: RecordingProxy;
let plan: PlanJson;
const inputs = { ...production, argocdPrincipalArn: ARGOCD_PRINCIPAL };

beforeAll(async () => {
  assertTerraformAvailable();
  workspace = await createTerraformWorkspace({
    moduleDir: join(pluginDir, 'terraform'),
    mirror: findProviderMirror(),
  });
  proxy = await startRecordingProxy();
  const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const result = await workspace.run(args, env);
    if (result.code !== 0) throw new Error(`terraform ${args[0]} failed:\n${result.stderr}`);
    return result.stdout;
  };
  await run(['init', '-input=false', '-no-color']);
  const variables = toTerraformVariables(inputs, { commons: { org: 'acme', name: COMMONS } });
  await writeFile(
    join(workspace.dir, 'argocd.tfvars.json'),
    JSON.stringify({ ...variables, plan_offline: true }),
  );
  await run(
    [
      'plan',
      '-input=false',
      '-lock=false',
      '-no-color',
      '-var-file=argocd.tfvars.json',
      '-out=argocd.tfplan',
    ],
    {
      AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
      AWS_SECRET_ACCESS_KEY: 'fake-secret-key',
      AWS_REGION: String(inputs.region),
      HTTPS_PROXY: proxy.url,
      HTTP_PROXY: proxy.url,
    },
  );
  plan = JSON.parse(await run(['show', '-json', 'argocd.tfplan']));
}, 600_000);

afterAll(async () => {
  await proxy?.close();
  await workspace?.remove();
});

const change = (address: string): Change => {
  const found = plan.resource_changes.find((resource) => resource.address === address);
  if (!found) throw new Error(`the plan has no ${address}`);
  return found;
};

describe('the role the central Argo CD assumes for the cluster', () => {
  it('is trusted by the Argo CD principal only and has no IAM policy', () => {
    const role = change('aws_iam_role.argocd[0]');
    expect(role.change.actions).toEqual(['create']);
    expect(role.change.after.name).toBe(`${inputs.environment}-argocd`);
    const trust = JSON.parse(role.change.after.assume_role_policy);
    expect(trust.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: ARGOCD_PRINCIPAL },
      }),
    ]);
    const attached = plan.resource_changes.filter(
      (resource) =>
        /^aws_iam_(role_policy|role_policy_attachment)\./.test(resource.type + '.') &&
        JSON.stringify(resource.change.after).includes('-argocd'),
    );
    expect(attached).toEqual([]);
  });

  it('is granted the cluster by an EKS access entry with cluster-admin scope', () => {
    const entry = change('aws_eks_access_entry.argocd[0]');
    expect(entry.change.after).toMatchObject({ cluster_name: inputs.environment, type: 'STANDARD' });
    expect(entry.change.after_unknown.principal_arn).toBe(true); // the role's ARN, known once created
    const association = change('aws_eks_access_policy_association.argocd[0]');
    expect(association.change.after).toMatchObject({
      cluster_name: inputs.environment,
      policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      access_scope: [{ type: 'cluster', namespaces: null }],
    });
    // Both name the Argo CD role, not any other principal.
    const references = (address: string) =>
      plan.configuration.root_module.resources.find((resource) => resource.address === address)!.expressions
        .principal_arn.references as string[];
    expect(references('aws_eks_access_entry.argocd')).toContain('aws_iam_role.argocd[0].arn');
    expect(references('aws_eks_access_policy_association.argocd')).toContain('aws_iam_role.argocd[0].arn');
  });

  it('needs only actions the manifest declares', () => {
    // What the AWS provider calls to create, read and delete each of the Argo CD resource types.
    const actionsOf: Record<string, string[]> = {
      aws_iam_role: [
        'iam:CreateRole',
        'iam:GetRole',
        'iam:UpdateAssumeRolePolicy',
        'iam:DeleteRole',
        'iam:ListRolePolicies',
        'iam:ListAttachedRolePolicies',
        'iam:ListInstanceProfilesForRole',
      ],
      aws_eks_access_entry: ['eks:CreateAccessEntry', 'eks:DescribeAccessEntry', 'eks:DeleteAccessEntry'],
      aws_eks_access_policy_association: [
        'eks:AssociateAccessPolicy',
        'eks:ListAssociatedAccessPolicies',
        'eks:DisassociateAccessPolicy',
      ],
    };
    const types = plan.resource_changes
      .filter(
        (resource) => /\.argocd(\[0\])?$/.test(resource.address) && !resource.address.startsWith('data.'),
      )
      .map((resource) => resource.type);
    expect(types.sort()).toEqual(Object.keys(actionsOf).sort());
    const declared = new Set(
      (manifest.permissions as Array<{ actions: string[] }>).flatMap((permission) => permission.actions),
    );
    expect(types.flatMap((type) => actionsOf[type]!).filter((action) => !declared.has(action))).toEqual([]);
  });

  it('is reported as argocd_role_arn, which the manifest declares and the cluster registration reads', () => {
    expect(plan.configuration.root_module.outputs).toHaveProperty('argocd_role_arn');
    expect(plan.output_changes.argocd_role_arn?.after_unknown).toBe(true);
    expect(manifest.outputs.required).toContain('argocd_role_arn');
    expect(manifest.outputs.properties.argocd_role_arn.type).toEqual(['string', 'null']);
    // The input that turns it on, and the Terraform variable it becomes, agree.
    const input = manifest.inputs.properties.argocdPrincipalArn;
    expect(input.default).toBe('');
    expect(new RegExp(input.pattern).test(ARGOCD_PRINCIPAL)).toBe(true);
    expect(new RegExp(input.pattern).test('arn:aws:iam::123:role/short-account')).toBe(false);
    expect(
      (plan as unknown as { variables: Record<string, { value: unknown }> }).variables.argocd_principal_arn
        ?.value,
    ).toBe(ARGOCD_PRINCIPAL);
  });
});

/** The shape of a JSON value: object keys and leaf types, arrays by their element shapes. */
function shapeOf(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return [...new Set(value.map((item) => JSON.stringify(shapeOf(item))))].sort();
  if (typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, item]) => [key, shapeOf(item)]),
    );
  return typeof value;
}

describe('the placeholders used before an apply', () => {
  const placeholders = () =>
    placeholderOutputs({
      environment: String(inputs.environment),
      region: String(inputs.region),
      namespace: COMMONS,
      karpenter: inputs.karpenterEnabled === true,
      argocdPrincipalArn: ARGOCD_PRINCIPAL,
      hostname: inputs.hostname,
      databaseServices: inputs.databaseServices ?? manifest.inputs.properties.databaseServices.default,
    });

  it('have exactly the outputs the plan declares', () => {
    expect(Object.keys(placeholders()).sort()).toEqual(
      Object.keys(plan.configuration.root_module.outputs).sort(),
    );
  });

  it("have the plan's shape for every output it knows, and its value for the names it knows", () => {
    const known = Object.entries(plan.planned_values.outputs).filter(
      ([name, planned]) => 'value' in planned && plan.output_changes[name]?.after_unknown !== true,
    );
    expect(known.length).toBeGreaterThan(10);
    const values = placeholders();
    const mismatches: string[] = [];
    for (const [name, planned] of known) {
      // certificate_arn is null in a plan that manages no DNS; the placeholders describe a commons that has a
      // certificate, as a preview needs one.
      if (planned.value === null && values[name] !== null) continue;
      if (JSON.stringify(shapeOf(values[name])) !== JSON.stringify(shapeOf(planned.value)))
        mismatches.push(`${name}: ${JSON.stringify(values[name])} vs plan ${JSON.stringify(planned.value)}`);
    }
    expect(mismatches).toEqual([]);
    const plannedValue = (name: string) => plan.planned_values.outputs[name]!.value;
    expect(values.karpenter).toEqual(plannedValue('karpenter'));
    expect(values.db_secret_names).toEqual(plannedValue('db_secret_names'));
    expect(values.role_names).toEqual(plannedValue('role_names'));
    expect(values.service_accounts).toEqual(plannedValue('service_accounts'));
    expect(values.pod_identity_service_accounts).toEqual(plannedValue('pod_identity_service_accounts'));
  });
});
