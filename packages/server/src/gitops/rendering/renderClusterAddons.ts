// The cluster add-ons Application (External Secrets Operator, and the AWS load balancer controller on
// AWS-shaped clouds) and what both Applications of a commons share with a central Argo CD: the registered
// cluster they deploy to, the org's AppProject, and a sync policy that retries. See docs/adr/0029.
import type { AwsOutputs } from './commonsGitOpsInput.ts';
import {
  ARGOCD_NAMESPACE,
  EXTERNAL_SECRETS_CHART_VERSION,
  usesAwsShape,
  type GitOpsRenderContext,
} from './gitopsRenderContext.ts';

type Manifest = Record<string, unknown>;

/** The cluster Argo CD itself runs in; only a cluster without an API endpoint of its own is deployed there. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
/** Namespace of the add-ons, as gen3-helm's cluster-level-resources installs them. */
export const ADDONS_NAMESPACE = 'kube-system';
export const EXTERNAL_SECRETS_HELM_REPOSITORY = 'https://charts.external-secrets.io';
export const EKS_CHARTS_HELM_REPOSITORY = 'https://aws.github.io/eks-charts';
/** aws-load-balancer-controller chart, the version gen3-helm's cluster-level-resources pins. */
export const AWS_LOAD_BALANCER_CONTROLLER_CHART_VERSION = '1.13.4';

/**
 * The Argo CD Application that installs a cluster's add-ons. Named after the cluster: one central Argo CD
 * holds the add-ons of every cluster of the org.
 */
export const clusterAddonsApplicationName = (environment: string) => `cluster-addons-${environment}`;

/** The AppProject of an org: one per organization, named after it (see deploys/argoCdRegistration.ts). */
export const orgProjectName = (org: string) => org;

/**
 * The API server the commons' Applications deploy to: the cluster the IaC plugin created (registered with
 * Argo CD by the deploy), or Argo CD's own cluster for a plugin that reports no endpoint.
 */
export function destinationServerOf(context: GitOpsRenderContext): string {
  const endpoint = (context.input.outputs as { cluster_endpoint?: string }).cluster_endpoint;
  return endpoint ?? IN_CLUSTER_SERVER;
}

/**
 * Automated sync with retries (a first sync can race CRDs or webhooks that are still starting) and
 * SkipDryRunOnMissingResource, so a resource whose CRD arrives in an earlier wave of the same sync is not
 * refused by the dry run.
 */
export function syncPolicyOf(syncOptions: string[]): Manifest {
  return {
    automated: { prune: true, selfHeal: true },
    syncOptions: [...syncOptions, 'SkipDryRunOnMissingResource=true'],
    retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
  };
}

/** The IRSA annotation of the controller: the plugin's role trusting kube-system/aws-load-balancer-controller. */
function loadBalancerControllerRole(outputs: AwsOutputs): Manifest {
  const roleArns: Record<string, string> = outputs.role_arns;
  const key = Object.keys(roleArns).find((candidate) => {
    const account = outputs.service_accounts[candidate];
    return account?.namespace === ADDONS_NAMESPACE && account.name === 'aws-load-balancer-controller';
  });
  return key ? { annotations: { 'eks.amazonaws.com/role-arn': roleArns[key] } } : {};
}

export function clusterAddonsApplication(context: GitOpsRenderContext): Manifest {
  const { input, cloud, environment } = context;
  const sources: Manifest[] = [
    {
      repoURL: EXTERNAL_SECRETS_HELM_REPOSITORY,
      chart: 'external-secrets',
      targetRevision: EXTERNAL_SECRETS_CHART_VERSION,
      // The one owner of External Secrets Operator in the cluster, with its CRDs.
      helm: { releaseName: 'external-secrets', valuesObject: { installCRDs: true } },
    },
  ];
  if (usesAwsShape(cloud)) {
    const outputs = input.outputs as AwsOutputs;
    sources.push({
      repoURL: EKS_CHARTS_HELM_REPOSITORY,
      chart: 'aws-load-balancer-controller',
      targetRevision: AWS_LOAD_BALANCER_CONTROLLER_CHART_VERSION,
      helm: {
        releaseName: 'aws-load-balancer-controller',
        valuesObject: {
          clusterName: outputs.cluster_name,
          region: outputs.region,
          // Pods cannot reach instance metadata (hop limit 1): the VPC and region must be given.
          ...(outputs.vpc_id ? { vpcId: outputs.vpc_id } : {}),
          serviceAccount: {
            create: true,
            name: 'aws-load-balancer-controller',
            ...loadBalancerControllerRole(outputs),
          },
        },
      },
    });
  }
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: clusterAddonsApplicationName(environment),
      namespace: ARGOCD_NAMESPACE,
      // Shared by every commons on the cluster: no commons (or org) labels, so fleet views skip it.
      labels: { 'app.kubernetes.io/managed-by': 'csoc', 'csoc.gen3.org/cluster': environment },
    },
    spec: {
      project: orgProjectName(input.org),
      destination: { server: destinationServerOf(context), namespace: ADDONS_NAMESPACE },
      sources,
      // CRDs are too large for client-side apply's last-applied annotation.
      syncPolicy: syncPolicyOf(['ServerSideApply=true']),
    },
  };
}
