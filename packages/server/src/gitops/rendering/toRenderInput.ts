// Adapts a commons document (spec.gen3 = Gen3Settings from @csoc/common, plus the plugin outputs of its last
// apply) to the renderer's input (CommonsGitOpsInput): defaults for optional settings, the login provider
// label, `branding` → `portal`, and the plugin's outputs mapped by the plugin itself (pluginOutputMappings).
import type { CommonsSpec, Gen3Settings } from '@csoc/common';
import { ConflictError, InputError, type FieldErrorDetail } from '../../errors.ts';
import type { Cloud } from './commonsGitOpsInput.ts';
import { commonsNamespace } from './commonsNamespace.ts';
import { PLUGIN_OUTPUT_MAPPINGS, findPluginOutputMapping } from './pluginOutputMappings.ts';
import { getRelease, listGen3Charts } from '../releases/releaseCatalog.ts';

/** Gen3's public development dictionary, used for simulated commons that name none. */
export const SIM_DEFAULT_DICTIONARY_URL =
  'https://s3.amazonaws.com/dictionary-artifacts/datadictionary/develop/schema.json';

export interface DeployableCommons {
  org: string;
  name: string;
  spec: CommonsSpec;
  infraStatus: string;
  outputs: Record<string, unknown>;
  /** The commons document's labels; `csoc.gen3.org/agent: enabled` renders csoc-agent (ADR 0065). */
  labels?: Record<string, string>;
  /** The newest user.yaml saved through CSOC that may reach the cluster (ADR 0078); absent: none saved. */
  userYaml?: string;
}

/**
 * The label that turns csoc-agent on for one commons. Off by default until the agent image is published:
 * a label, like the drift-check interval, so the choice is versioned and audited with the document.
 */
export const AGENT_LABEL = 'csoc.gen3.org/agent';

export interface RenderInputOptions {
  /** Image of csoc-agent (CSOC_AGENT_IMAGE); `csoc-agent:<CSOC version>` when empty or absent. */
  agentImage?: string;
  /** This CSOC's version, the default agent image's tag. */
  csocVersion?: string;
}

/** The agent input of a commons: undefined unless its label enables it; refused when it cannot run. */
function agentInputOf(
  commons: DeployableCommons,
  cloud: Cloud | undefined,
  csocPublicUrl: string | undefined,
  options: RenderInputOptions,
): { csocUrl: string; image: string } | undefined {
  const value = commons.labels?.[AGENT_LABEL];
  const field = `metadata.labels.${AGENT_LABEL}`;
  if (value === undefined || value === 'disabled') return undefined;
  if (value !== 'enabled')
    throw new InputError('This commons cannot be deployed as it is; fix its settings.', [
      { field, message: `is "${value}": use enabled (render csoc-agent) or disabled` },
    ]);
  // The agent presents a join token and then credentials to CSOC: only over https outside the simulator.
  if (!csocPublicUrl || (cloud !== 'sim' && !csocPublicUrl.startsWith('https:')))
    throw new InputError('This commons cannot be deployed as it is; fix its settings.', [
      {
        field,
        message:
          'needs CSOC_PUBLIC_URL over https: the agent would send its join token to CSOC in the clear; set it or remove the label',
      },
    ]);
  return {
    csocUrl: csocPublicUrl.replace(/\/+$/, ''),
    image: options.agentImage || `csoc-agent:${options.csocVersion ?? '0.0.0'}`,
  };
}

/** The cloud the renderer targets for an IaC plugin: the one its output mapping is for (pluginOutputMappings). */
export function cloudOfPlugin(pluginName: string): Cloud | undefined {
  return findPluginOutputMapping(pluginName)?.cloud;
}

/** gen3 charts a commons gets when its settings name none: the umbrella chart's defaults the release pins. */
export function defaultServices(release: string, cloud: Cloud): string[] {
  const pinned = getRelease(release).images;
  const services = Object.entries(listGen3Charts())
    .filter(
      ([name, chart]) =>
        chart.toggle && chart.defaultEnabled && (Object.keys(chart.images).length === 0 || pinned[name]),
    )
    .map(([name]) => name);
  // On AWS-like clouds Elasticsearch is reached through aws-es-proxy (needed by etl, guppy and metadata).
  if ((cloud === 'aws' || cloud === 'sim') && !services.includes('aws-es-proxy'))
    services.push('aws-es-proxy');
  return services.sort();
}

/**
 * Where a login provider's client secret lives when the settings do not name it: under the commons prefix
 * `<environment>-<namespace>-`, the only names its External Secrets role may read (ADR 0027).
 */
export function defaultClientSecretRef(environment: string, namespace: string, provider: string): string {
  return `${environment}-${namespace}-${provider}-client-secret`;
}

/**
 * Builds the renderer input of a commons. Throws ConflictError when the commons cannot be deployed yet
 * (no Gen3 settings, infrastructure not provisioned) and InputError for settings a deploy needs.
 */
export function toRenderInput(
  commons: DeployableCommons,
  gitopsRepoUrl: string,
  /** CSOC's public URL: the commons' telemetry agent sends OTLP to `<it>/otlp` (absent: no agent rendered). */
  csocPublicUrl?: string,
  options: RenderInputOptions = {},
): Record<string, unknown> {
  const gen3: Gen3Settings | undefined = commons.spec.gen3;
  if (!gen3) {
    throw new ConflictError(
      `Commons "${commons.name}" has no Gen3 settings (spec.gen3); add them with PUT before deploying.`,
      'gen3_settings_missing',
      [{ field: 'spec.gen3', message: 'is required to deploy' }],
    );
  }
  if (commons.infraStatus !== 'provisioned') {
    throw new ConflictError(
      `The infrastructure of commons "${commons.name}" is not provisioned (${commons.infraStatus}); plan, approve and apply it first.`,
      'infrastructure_not_provisioned',
    );
  }
  const cloud = cloudOfPlugin(commons.spec.plugin.name);
  const problems: FieldErrorDetail[] = [];
  if (!cloud)
    problems.push({
      field: 'spec.plugin.name',
      message:
        `plugin "${commons.spec.plugin.name}" maps no outputs to the GitOps renderer ` +
        `(plugins that do: ${Object.keys(PLUGIN_OUTPUT_MAPPINGS).join(', ')})`,
    });
  if (!gen3.dictionaryUrl && cloud !== 'sim')
    problems.push({
      field: 'spec.gen3.dictionaryUrl',
      message: 'is required to deploy (the URL of the data dictionary schema)',
    });
  if (problems.length)
    throw new InputError(
      'This commons cannot be deployed as it is; fix its settings.',
      problems,
      'not_deployable',
    );

  // The namespace is the commons name, for the renderer and for the plugin alike (toTerraformVariables).
  const namespace = commonsNamespace(commons.name);
  const outputs = findPluginOutputMapping(commons.spec.plugin.name)!.toRenderOutputs(commons.outputs, {
    namespace,
  });
  const chartVersions = getRelease(gen3.release).chartVersions;
  const buckets = (outputs.buckets ?? {}) as Record<string, string | undefined>;
  // usersync reads user.yaml from its own bucket, never the data upload bucket (anyone who may upload data
  // could otherwise grant themselves access).
  const userYamlSource =
    gen3.userYamlSource ?? (buckets.user_yaml ? `s3://${buckets.user_yaml}/user.yaml` : undefined);
  if (!userYamlSource) {
    throw new InputError(
      'This commons cannot be deployed as it is; fix its settings.',
      [
        {
          field: 'spec.gen3.userYamlSource',
          message:
            'is required: the infrastructure has no user.yaml bucket; name where usersync reads user.yaml ' +
            '(s3://bucket/user.yaml), not the data upload bucket',
        },
      ],
      'not_deployable',
    );
  }
  const agent = agentInputOf(commons, cloud, csocPublicUrl, options);
  const guidPrefix = gen3.guidPrefix ?? `dg.${commons.name.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
  return {
    org: commons.org,
    commons: commons.name,
    tier: commons.spec.environment,
    release: gen3.release,
    gen3: {
      hostname: gen3.hostname,
      services: gen3.services ?? defaultServices(gen3.release, cloud!),
      ...(gen3.serviceOverrides ? { serviceOverrides: gen3.serviceOverrides } : {}),
      loginProviders: (gen3.loginProviders ?? []).map((provider) => ({
        kind: provider.kind,
        name: provider.displayName ?? provider.name,
        clientId: provider.clientId,
        ...(provider.discoveryUrl ? { discoveryUrl: provider.discoveryUrl } : {}),
        clientSecretRef:
          provider.clientSecretRef ??
          defaultClientSecretRef(String(outputs.cluster_name ?? commons.name), namespace, provider.name),
      })),
      dictionaryUrl: gen3.dictionaryUrl ?? SIM_DEFAULT_DICTIONARY_URL,
      tierAccessLevel: gen3.tierAccessLevel ?? 'private',
      guidPrefix: guidPrefix.endsWith('/') ? guidPrefix : `${guidPrefix}/`,
      userYamlSource: userYamlSource,
      ...(commons.userYaml !== undefined ? { userYaml: commons.userYaml } : {}),
      portal: {
        appName: gen3.branding?.appName ?? `${commons.name} Data Commons`,
        ...(gen3.branding?.logoUrl ? { logoUrl: gen3.branding.logoUrl } : {}),
        ...(gen3.branding?.primaryColor ? { primaryColor: gen3.branding.primaryColor } : {}),
      },
    },
    cloud,
    outputs,
    gitopsRepoUrl,
    // The release pins its charts (published versions; the chart data the key check reads: ADR 0023).
    gen3ChartVersion: chartVersions.gen3,
    clusterResourcesChartVersion: chartVersions['cluster-level-resources'],
    // A real cluster sends its telemetry only to an https CSOC (an http one is a local or test CSOC no
    // cluster should trust with a token): without one, no agent is rendered rather than the render refused.
    ...(csocPublicUrl && (cloud === 'sim' || csocPublicUrl.startsWith('https:'))
      ? {
          telemetry: {
            endpoint: `${csocPublicUrl.replace(/\/+$/, '')}/otlp`,
            alloyChartVersion: chartVersions.alloy,
          },
        }
      : {}),
    ...(agent ? { agent } : {}),
  };
}
