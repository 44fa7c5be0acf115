// Builds app.yaml: the Argo CD Application of the commons (gen3 chart + values.yaml + secrets.yaml from the
// GitOps repository) and the cluster add-ons Application (gen3-helm's cluster-level-resources app of apps).
import type { AwsOutputs } from './commonsGitOpsInput.ts';
import {
  ARGOCD_NAMESPACE,
  EXTERNAL_SECRETS_CHART_VERSION,
  GEN3_HELM_REPOSITORY,
  usesAwsShape,
  type GitOpsRenderContext,
} from './gitopsRenderContext.ts';

type Manifest = Record<string, unknown>;

/** Argo CD reads the GitOps repository at its default branch. */
export const GITOPS_REVISION = 'HEAD';

export function renderArgoApplications(context: GitOpsRenderContext): Manifest[] {
  return [commonsApplication(context), clusterResourcesApplication(context)];
}

function commonsApplication(context: GitOpsRenderContext): Manifest {
  const { input } = context;
  const name = `gen3-${input.commons}`;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: ARGOCD_NAMESPACE, labels: context.labels },
    spec: {
      project: 'default',
      destination: { server: 'https://kubernetes.default.svc', namespace: context.namespace },
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
        {
          repoURL: input.gitopsRepoUrl,
          targetRevision: GITOPS_REVISION,
          path: context.directory,
          directory: { include: 'secrets.yaml' },
        },
      ],
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
      },
    },
  };
}

function clusterResourcesApplication(context: GitOpsRenderContext): Manifest {
  const { input, cloud } = context;
  const valuesObject: Manifest = {
    cluster: context.environment,
    project: input.org,
    configuration: { configurationRepo: input.gitopsRepoUrl, configurationRevision: GITOPS_REVISION },
    // The one owner of External Secrets Operator in the cluster.
    'external-secrets': { enabled: true, targetRevision: EXTERNAL_SECRETS_CHART_VERSION },
  };
  if (usesAwsShape(cloud)) {
    const outputs = input.outputs as AwsOutputs;
    valuesObject.accountNumber = outputs.account_id;
    valuesObject.eksClusterEndpoint = outputs.cluster_endpoint;
    valuesObject['alb-controller'] = { enabled: true };
    valuesObject['metrics-server'] = { enabled: true };
  }
  const outputs = input.outputs as { cluster_issuer?: string };
  if (outputs.cluster_issuer) valuesObject['cert-manager'] = { enabled: true };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: 'cluster-level-resources',
      namespace: ARGOCD_NAMESPACE,
      // Shared by every commons on the cluster: no commons-specific labels.
      labels: { 'app.kubernetes.io/managed-by': 'csoc', 'csoc.gen3.org/cluster': context.environment },
    },
    spec: {
      project: 'default',
      destination: { server: 'https://kubernetes.default.svc', namespace: ARGOCD_NAMESPACE },
      source: {
        repoURL: GEN3_HELM_REPOSITORY,
        chart: 'cluster-level-resources',
        targetRevision: input.clusterResourcesChartVersion,
        helm: { releaseName: 'cluster-level-resources', valuesObject },
      },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}
