// Renders the GitOps files of one commons — values.yaml (gen3 umbrella chart), secrets.yaml (SecretStore and
// ExternalSecrets), app.yaml (Argo CD Applications), where search runs in the cluster search.yaml (the
// NetworkPolicy of its Elasticsearch) and, when it runs csoc-agent, agent.yaml (and agent-access.yaml where
// Argo CD runs in the commons' cluster, ADR 0083) — from its settings, its Gen3 release and the IaC
// plugin's outputs. Pure and deterministic: the same input gives the same bytes.
import type { CommonsGitOpsInput } from './commonsGitOpsInput.ts';
import { buildRenderContext, type GitOpsRenderContext } from './gitopsRenderContext.ts';
import { releaseCatalog } from '../releases/releaseCatalog.ts';
import type { ReleaseCatalog } from '../releases/releaseCatalogTypes.ts';
import { renderArgoApplications } from './renderArgoApplications.ts';
import { renderGen3Values } from './renderGen3Values.ts';
import { SEARCH_FILE_NAME, searchNetworkPolicy, searchPlacement } from './renderInClusterSearch.ts';
import {
  AGENT_ACCESS_FILE_NAME,
  AGENT_FILE_NAME,
  csocAgentAccessManifests,
  csocAgentJoinTokenExternalSecret,
  csocAgentManifests,
} from './renderCsocAgent.ts';
import { renderSecrets } from './renderSecrets.ts';
import { telemetryIngestExternalSecret } from './renderTelemetryAgent.ts';
import { toStableYamlFile } from './toStableYaml.ts';
import { validateCommonsGitOpsInput } from './validateCommonsGitOpsInput.ts';

export const GITOPS_FILE_NAMES = ['values.yaml', 'secrets.yaml', 'app.yaml'] as const;
export type GitOpsFileName = (typeof GITOPS_FILE_NAMES)[number];

export interface RenderedCommonsGitOps {
  /** Folder of the files in the GitOps repository: `<org>/<commons>`. */
  directory: string;
  /**
   * File name -> content: every GITOPS_FILE_NAMES file, search.yaml when search runs in the cluster, and
   * agent.yaml when the commons runs csoc-agent, agent-access.yaml when that agent reads Argo CD's own cluster.
   */
  files: Record<GitOpsFileName, string> & {
    [SEARCH_FILE_NAME]?: string;
    [AGENT_FILE_NAME]?: string;
    [AGENT_ACCESS_FILE_NAME]?: string;
  };
}

export interface RenderCommonsGitOpsOptions {
  catalog?: ReleaseCatalog;
}

/**
 * Validates `input` (throws InputError with field details) and renders the commons' GitOps files.
 *
 * @example
 *   const { directory, files } = renderCommonsGitOps(input);
 *   // directory: 'acme/brain'; files['values.yaml'], files['secrets.yaml'], files['app.yaml']
 */
export function renderCommonsGitOps(
  input: unknown,
  options: RenderCommonsGitOpsOptions = {},
): RenderedCommonsGitOps {
  const catalog = options.catalog ?? releaseCatalog;
  const valid: CommonsGitOpsInput = validateCommonsGitOpsInput(input, catalog);
  const context = buildRenderContext(valid, catalog);
  return {
    directory: context.directory,
    files: {
      'values.yaml': toStableYamlFile(
        header(context, 'Helm values for the gen3 umbrella chart (https://helm.gen3.org, chart gen3).'),
        [renderGen3Values(context)],
        false,
      ),
      'secrets.yaml': toStableYamlFile(
        header(context, 'SecretStore and ExternalSecrets: names of secrets only, never values.'),
        [
          ...renderSecrets(context),
          ...[telemetryIngestExternalSecret(context), csocAgentJoinTokenExternalSecret(context)].filter(
            (doc) => !!doc,
          ),
        ],
      ),
      'app.yaml': toStableYamlFile(
        header(context, 'Argo CD Applications: the commons and its cluster add-ons.'),
        renderArgoApplications(context),
      ),
      ...(searchPlacement(context) === 'in-cluster'
        ? {
            [SEARCH_FILE_NAME]: toStableYamlFile(
              header(
                context,
                'NetworkPolicy of the in-cluster Elasticsearch: only this namespace reaches it.',
              ),
              [searchNetworkPolicy(context)],
            ),
          }
        : {}),
      ...agentFile(context),
    },
  };
}

/** agent.yaml, when the commons runs csoc-agent, and agent-access.yaml where it reads Argo CD's cluster. */
function agentFile(context: GitOpsRenderContext): {
  [AGENT_FILE_NAME]?: string;
  [AGENT_ACCESS_FILE_NAME]?: string;
} {
  const manifests = csocAgentManifests(context);
  if (!manifests) return {};
  const access = csocAgentAccessManifests(context);
  return {
    ...(access
      ? {
          [AGENT_ACCESS_FILE_NAME]: toStableYamlFile(
            header(
              context,
              "csoc-agent's read-only Role and RoleBinding in Argo CD's namespace, synced by its own Application in the project csoc-agent-access (ADR 0083).",
            ),
            access,
          ),
        }
      : {}),

    [AGENT_FILE_NAME]: toStableYamlFile(
      header(
        context,
        'csoc-agent: its ServiceAccount, namespaced Role and RoleBinding, identity Secret and Deployment (ADR 0065).',
      ),
      manifests,
    ),
  };
}

function header(context: GitOpsRenderContext, what: string): string[] {
  const { input, release } = context;
  const lines = [
    'Generated by the CSOC GitOps renderer (renderCommonsGitOps). Do not edit: the next render overwrites it.',
    `Commons ${input.org}/${input.commons} (${input.tier}) on ${input.cloud}, Gen3 release ${release.version}, ` +
      `gen3 chart ${input.gen3ChartVersion}.`,
    what,
  ];
  if (input.cloud === 'sim')
    lines.push('SIMULATED: rendered for the CSOC simulator; no real cloud resources.');
  if (release.derived) {
    lines.push(
      `Release ${release.version} published no manifest: image tags are derived (see the CSOC release catalog).`,
    );
  }
  return lines;
}
