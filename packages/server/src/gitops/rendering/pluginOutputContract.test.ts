// The output contract, per plugin: the plugin's declared outputs — names from a real Terraform run of the
// plugin's own module, values in the shape `terraform output -json` gives — go through the plugin's mapping
// (pluginOutputMappings) and the renderer with zero errors. AWS: an offline plan of the production example
// (no AWS call: fake keys, a proxy that refuses everything), values an apply would decide filled by the
// plugin's placeholders. Sim: a real apply of the sim module (terraform_data only). Also proves the
// namespace agreement: the one CSOC gives the plugin is the one the renderer deploys to.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { placeholderOutputs, toTerraformVariables as awsTerraformVariables } from '@csoc/plugin-aws';
import {
  assertTerraformAvailable,
  createTerraformWorkspace,
  type TerraformWorkspace,
} from '@csoc/plugin-aws/testing/createTerraformWorkspace.ts';
import { findProviderMirror } from '@csoc/plugin-aws/testing/findProviderMirror.ts';
import { startRecordingProxy, type RecordingProxy } from '@csoc/plugin-aws/testing/startRecordingProxy.ts';
import { toTerraformVariables as simTerraformVariables } from '@csoc/plugin-sim';
import { InputError } from '../../errors.ts';
import { renderCommonsGitOps } from './renderCommonsGitOps.ts';
import { toRenderInput } from './toRenderInput.ts';

const repoDir = fileURLToPath(new URL('../../../../../', import.meta.url));
const awsPluginDir = join(repoDir, 'plugins', 'aws');
const simPluginDir = join(repoDir, 'plugins', 'sim');
const productionInputs = JSON.parse(
  readFileSync(join(awsPluginDir, 'examples', 'production.inputs.json'), 'utf8'),
) as Record<string, unknown>;
const COMMONS = 'brain';
const GITOPS_REPO = 'https://git.csoc.example.org/acme/gitops.git';

/** `terraform output -json`: name -> { value, type, sensitive }. */
type TerraformOutputJson = Record<string, { value: unknown; type?: unknown; sensitive: boolean }>;

/** What the plugin SDK puts in the outputs event: the values of the outputs that are not sensitive. */
function outputsEventValues(json: TerraformOutputJson): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(json)
      .filter(([, output]) => !output.sensitive)
      .map(([name, output]) => [name, output.value]),
  );
}

function gen3Settings(release = '2025.09') {
  return {
    release,
    hostname: 'data.example.org',
    dictionaryUrl: 'https://s3.amazonaws.com/dictionary-artifacts/datadictionary/develop/schema.json',
    services: [
      'ambassador',
      'arborist',
      'audit',
      'aws-es-proxy',
      'etl',
      'fence',
      'guppy',
      'hatchery',
      'indexd',
      'manifestservice',
      'metadata',
      'peregrine',
      'portal',
      'revproxy',
      'sheepdog',
      'sower',
      'ssjdispatcher',
      'wts',
    ],
  };
}

function renderFor(plugin: 'aws' | 'sim', outputs: Record<string, unknown>, name = COMMONS) {
  const input = toRenderInput(
    {
      org: 'acme',
      name,
      spec: {
        environment: 'prod',
        plugin: { name: plugin },
        account: 'acct',
        inputs: {},
        gen3: gen3Settings(),
      } as never,
      infraStatus: 'provisioned',
      outputs,
    },
    GITOPS_REPO,
  );
  return renderCommonsGitOps(input);
}

function fieldErrors(render: () => unknown): Array<{ field: string; message: string }> {
  try {
    render();
  } catch (error) {
    if (error instanceof InputError) return error.details as Array<{ field: string; message: string }>;
    throw error;
  }
  return [];
}

describe('aws plugin outputs -> renderer (offline plan of the production example)', () => {
  let workspace: TerraformWorkspace;
  let proxy: RecordingProxy;
  let plan: {
    variables: Record<string, { value: unknown }>;
    planned_values: { outputs: Record<string, { value?: unknown; sensitive: boolean }> };
    output_changes: Record<string, { after_unknown?: unknown }>;
    configuration: { root_module: { outputs: Record<string, unknown> } };
  };
  /** The outputs an apply would report: known plan values, placeholders where only the apply can tell. */
  let outputs: Record<string, unknown>;

  beforeAll(async () => {
    assertTerraformAvailable();
    workspace = await createTerraformWorkspace({
      moduleDir: join(awsPluginDir, 'terraform'),
      mirror: findProviderMirror(),
    });
    proxy = await startRecordingProxy();
    const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const result = await workspace.run(args, env);
      if (result.code !== 0) throw new Error(`terraform ${args[0]} failed:\n${result.stderr}`);
      return result.stdout;
    };
    await run(['init', '-input=false', '-no-color']);
    // The variables exactly as the plugin writes them for a run of commons "brain" (namespace included).
    const variables = awsTerraformVariables(productionInputs, { commons: { org: 'acme', name: COMMONS } });
    await writeFile(
      join(workspace.dir, 'brain.tfvars.json'),
      JSON.stringify({ ...variables, plan_offline: true }),
    );
    await run(
      [
        'plan',
        '-input=false',
        '-lock=false',
        '-no-color',
        '-var-file=brain.tfvars.json',
        '-out=brain.tfplan',
      ],
      {
        AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
        AWS_SECRET_ACCESS_KEY: 'fake-secret-key',
        AWS_REGION: String(productionInputs.region),
        HTTPS_PROXY: proxy.url,
        HTTP_PROXY: proxy.url,
      },
    );
    plan = JSON.parse(await run(['show', '-json', 'brain.tfplan']));
    const placeholders = placeholderOutputs({
      environment: String(productionInputs.environment),
      region: String(productionInputs.region),
      namespace: COMMONS,
      karpenter: productionInputs.karpenterEnabled === true,
    });
    const json: TerraformOutputJson = {};
    for (const name of Object.keys(plan.configuration.root_module.outputs)) {
      const planned = plan.planned_values.outputs[name];
      const known =
        planned !== undefined && 'value' in planned && plan.output_changes[name]?.after_unknown !== true;
      json[name] = {
        value: known ? planned.value : placeholders[name],
        sensitive: planned?.sensitive ?? false,
      };
    }
    outputs = outputsEventValues(json);
  }, 600_000);

  afterAll(async () => {
    await proxy?.close();
    await workspace?.remove();
  });

  it('has a placeholder for every output the plan declares, so the test sees every output name', () => {
    const declared = Object.keys(plan.configuration.root_module.outputs);
    expect(declared.length).toBeGreaterThan(25);
    const placeholders = placeholderOutputs({
      environment: 'x',
      region: 'us-east-2',
      namespace: COMMONS,
      karpenter: true,
    });
    const unknownWithoutPlaceholder = declared.filter(
      (name) => plan.output_changes[name]?.after_unknown === true && !(name in placeholders),
    );
    expect(unknownWithoutPlaceholder, 'outputs only an apply knows, without a placeholder').toEqual([]);
  });

  it('renders the mapped outputs with zero errors', () => {
    const rendered = renderFor('aws', outputs);
    const values = parseYaml(rendered.files['values.yaml']);
    expect(values.global.aws.account).toBe(outputs.account_id);
    expect(values['aws-es-proxy'].esEndpoint).toBe(outputs.opensearch_endpoint);
    expect(values.global.aws.awsEsProxyRoleArn).toBe(
      (outputs.role_arns as Record<string, string>).aws_es_proxy,
    );
    expect(values.fence.FENCE_CONFIG_PUBLIC.DATA_UPLOAD_BUCKET).toBe(outputs.data_bucket_name);
    // The load balancer controller gets the cluster's VPC and region (no instance metadata) and its role.
    const controller = parseAllDocuments(rendered.files['app.yaml'])
      .flatMap((doc) => (doc.toJS()?.spec?.sources ?? []) as any[])
      .find((source) => source.chart === 'aws-load-balancer-controller');
    expect(controller.helm.valuesObject).toMatchObject({
      clusterName: outputs.cluster_name,
      region: outputs.region,
      vpcId: outputs.vpc_id,
      serviceAccount: {
        annotations: {
          'eks.amazonaws.com/role-arn': (outputs.role_arns as Record<string, string>)
            .load_balancer_controller,
        },
      },
    });
  });

  it('reproduces the old seam: outputs as outputs.tf names them, unmapped, fail with a field error each', () => {
    const errors = fieldErrors(() =>
      renderCommonsGitOps({
        ...toRenderInput(
          {
            org: 'acme',
            name: COMMONS,
            spec: {
              environment: 'prod',
              plugin: { name: 'aws' },
              account: 'a',
              inputs: {},
              gen3: gen3Settings(),
            } as never,
            infraStatus: 'provisioned',
            outputs,
          },
          GITOPS_REPO,
        ),
        outputs,
      }),
    );
    const fields = errors.map((error) => error.field);
    expect(fields).toContain('outputs.opensearch_endpoint');
    expect(fields).toContain('outputs.waf_acl_arn');
    expect(fields).toContain('outputs.es_endpoint');
    console.log(`unmapped aws outputs: ${errors.length} field errors`);
    expect(errors.length).toBeGreaterThan(20);
  });

  it('uses one namespace for plugin and renderer: the commons name', () => {
    expect(plan.variables.namespace!.value).toBe(COMMONS);
    expect(plan.planned_values.outputs.namespace!.value).toBe(COMMONS);
    const trusted = plan.planned_values.outputs.service_accounts!.value as Record<
      string,
      { namespace: string }
    >;
    expect(trusted.fence!.namespace).toBe(COMMONS);
    const app = parseAllDocuments(renderFor('aws', outputs).files['app.yaml'])
      .map((doc) => doc.toJS())
      .find((doc) => doc?.metadata?.name === `gen3-${COMMONS}`);
    expect(app.spec.destination.namespace).toBe(COMMONS);
  });

  it('refuses outputs applied for another namespace, naming the fix', () => {
    const errors = fieldErrors(() => renderFor('aws', outputs, 'heart'));
    expect(errors).toContainEqual({
      field: 'outputs.namespace',
      message: expect.stringContaining('plan and apply the infrastructure again'),
    });
    expect(errors.some((error) => /^outputs\.service_accounts\..+\.namespace$/.test(error.field))).toBe(true);
  });

  it('refuses a role trusting a service account no chart creates (the hatchery-sa seam)', () => {
    const serviceAccounts = structuredClone(outputs.service_accounts) as Record<string, { name: string }>;
    serviceAccounts.hatchery!.name = 'hatchery-sa';
    const errors = fieldErrors(() => renderFor('aws', { ...outputs, service_accounts: serviceAccounts }));
    expect(errors.map((error) => error.field)).toContain('outputs.service_accounts.hatchery');
    expect(errors.map((error) => error.message).join('\n')).toMatch(
      /hatchery-service-account of the enabled hatchery/,
    );
  });
});

describe('sim plugin outputs -> renderer (a real apply of the sim module)', () => {
  let workspace: TerraformWorkspace;
  let outputs: Record<string, unknown>;

  beforeAll(async () => {
    assertTerraformAvailable();
    workspace = await createTerraformWorkspace({
      moduleDir: join(simPluginDir, 'terraform'),
      mirror: findProviderMirror(),
    });
    const run = async (args: string[]) => {
      const result = await workspace.run(args);
      if (result.code !== 0) throw new Error(`terraform ${args[0]} failed:\n${result.stderr}`);
      return result.stdout;
    };
    const variables = simTerraformVariables({ name: COMMONS }, { runId: 'run-contract' });
    await writeFile(join(workspace.dir, 'sim.tfvars.json'), JSON.stringify(variables));
    await run(['init', '-input=false', '-no-color']);
    await run([
      'apply',
      '-input=false',
      '-lock=false',
      '-no-color',
      '-auto-approve',
      '-var-file=sim.tfvars.json',
    ]);
    outputs = outputsEventValues(JSON.parse(await run(['output', '-json'])) as TerraformOutputJson);
  }, 300_000);

  afterAll(async () => {
    await workspace?.remove();
  });

  it('renders the mapped outputs with zero errors, through the same checks as AWS', () => {
    const rendered = renderFor('sim', outputs);
    const values = parseYaml(rendered.files['values.yaml']);
    expect(values.global.aws.account).toBe('000000000000');
    expect(values.hatchery).toMatchObject({ enabled: true });
    expect(values.global.aws.hatchery_role).toBe(`${COMMONS}-${COMMONS}-hatchery`);
    expect(values.fence.usersync.userYamlS3Path).not.toContain(String(outputs.data_bucket));
  });

  it('unmapped sim outputs fail the renderer as unmapped AWS ones do', () => {
    const errors = fieldErrors(() =>
      renderCommonsGitOps({
        ...toRenderInput(
          {
            org: 'acme',
            name: COMMONS,
            spec: {
              environment: 'dev',
              plugin: { name: 'sim' },
              account: 'a',
              inputs: {},
              gen3: gen3Settings(),
            } as never,
            infraStatus: 'provisioned',
            outputs,
          },
          GITOPS_REPO,
        ),
        outputs,
      }),
    );
    expect(errors.length).toBeGreaterThan(5);
  });
});
