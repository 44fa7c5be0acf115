// Builds app.yaml: the Argo CD Application of the commons (gen3 chart + values.yaml + secrets.yaml from the
// GitOps repository, and Elasticsearch where search runs in the cluster: renderInClusterSearch.ts) and the cluster add-ons Application (renderClusterAddons.ts), both for the org's
// central Argo CD, deploying to the registered cluster of the commons (docs/adr/0029); and, where the
// commons' csoc-agent reads Argo CD's Applications in Argo CD's own cluster, the access Application syncing
// only agent-access.yaml in the CSOC-owned project csoc-agent-access (ADR 0083).
import { ARGOCD_NAMESPACE, GEN3_HELM_REPOSITORY, type GitOpsRenderContext } from './gitopsRenderContext.ts';
import {
  clusterAddonsApplication,
  destinationServerOf,
  orgProjectName,
  syncPolicyOf,
} from './renderClusterAddons.ts';
import { SEARCH_FILE_NAME, elasticsearchSource, searchPlacement } from './renderInClusterSearch.ts';
import {
  AGENT_ACCESS_FILE_NAME,
  AGENT_FILE_NAME,
  CSOC_AGENT_ACCESS_PROJECT,
  csocAgentAccessApplicationName,
  csocAgentAccessManifests,
  csocAgentArgoCdNamespace,
  csocAgentIgnoreDifferences,
} from './renderCsocAgent.ts';
import { telemetryAgentSource } from './renderTelemetryAgent.ts';

type Manifest = Record<string, unknown>;

/** Argo CD reads the GitOps repository at its default branch. */
export const GITOPS_REVISION = 'HEAD';

export function renderArgoApplications(context: GitOpsRenderContext): Manifest[] {
  const access = csocAgentAccessApplication(context);
  return [commonsApplication(context), clusterAddonsApplication(context), ...(access ? [access] : [])];
}

/**
 * The Application of the agent's read Role and RoleBinding in Argo CD's namespace (ADR 0083): in the
 * CSOC-owned project that permits only that namespace and only those two kinds, reading only
 * agent-access.yaml. No CreateNamespace: Argo CD's namespace exists, and the project may create no Namespace.
 */
function csocAgentAccessApplication(context: GitOpsRenderContext): Manifest | undefined {
  const argocdNamespace = csocAgentArgoCdNamespace(context);
  if (!argocdNamespace || !csocAgentAccessManifests(context)) return undefined;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: csocAgentAccessApplicationName(context.input.commons),
      namespace: ARGOCD_NAMESPACE,
      labels: context.labels,
    },
    spec: {
      project: CSOC_AGENT_ACCESS_PROJECT,
      destination: { server: destinationServerOf(context), namespace: argocdNamespace },
      source: {
        repoURL: context.input.gitopsRepoUrl,
        targetRevision: GITOPS_REVISION,
        path: context.directory,
        directory: { include: AGENT_ACCESS_FILE_NAME },
      },
      syncPolicy: syncPolicyOf([]),
    },
  };
}

function commonsApplication(context: GitOpsRenderContext): Manifest {
  const { input } = context;
  const name = `gen3-${input.commons}`;
  const agentIgnored = csocAgentIgnoreDifferences(context);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: ARGOCD_NAMESPACE, labels: context.labels },
    spec: {
      project: orgProjectName(input.org),
      destination: { server: destinationServerOf(context), namespace: context.namespace },
      // Order matters: Argo CD keeps the last of two identical objects, so secrets.yaml (the CSOC's secret
      // wiring) comes after the chart, which renders some of the same ExternalSecrets (see docs/gitops.md).
      sources: [
        { repoURL: input.gitopsRepoUrl, targetRevision: GITOPS_REVISION, ref: 'values' },
        {
          repoURL: GEN3_HELM_REPOSITORY,
          chart: 'gen3',
          targetRevision: input.gen3ChartVersion,
          helm: { releaseName: name, valueFiles: [`$values/${context.directory}/values.yaml`] },
        },
        // The commons' telemetry agent (Grafana Alloy), in the commons namespace: renderTelemetryAgent.ts.
        ...[telemetryAgentSource(context)].filter((source) => source !== undefined),
        // Elasticsearch 7 and its NetworkPolicy where search runs in the cluster (ADR 0063): sources of this
        // Application, so the deploy creates, follows and removes search with the commons.
        ...(searchPlacement(context) === 'in-cluster'
          ? [
              elasticsearchSource(context),
              {
                repoURL: input.gitopsRepoUrl,
                targetRevision: GITOPS_REVISION,
                path: context.directory,
                directory: { include: SEARCH_FILE_NAME },
              },
            ]
          : []),
        {
          repoURL: input.gitopsRepoUrl,
          targetRevision: GITOPS_REVISION,
          path: context.directory,
          directory: { include: 'secrets.yaml' },
        },
        // csoc-agent (ADR 0065) where the commons runs it: renderCsocAgent.ts. Last: it shares no object
        // with the chart or secrets.yaml, and the Argo CD simulator reads the first folder source after the
        // chart as the secret wiring.
        ...(agentIgnored.length
          ? [
              {
                repoURL: input.gitopsRepoUrl,
                targetRevision: GITOPS_REVISION,
                path: context.directory,
                directory: { include: AGENT_FILE_NAME },
              },
            ]
          : []),
      ],
      // The agent writes its identity into its own Secret: a sync must neither report nor undo that.
      ...(agentIgnored.length ? { ignoreDifferences: agentIgnored } : {}),
      syncPolicy: syncPolicyOf(
        agentIgnored.length
          ? ['CreateNamespace=true', 'RespectIgnoreDifferences=true']
          : ['CreateNamespace=true'],
      ),
    },
  };
}
