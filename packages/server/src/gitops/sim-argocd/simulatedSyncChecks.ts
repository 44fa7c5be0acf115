// SIMULATED: what a real cluster refuses when Argo CD syncs a commons, checked by the simulator at sync time
// (docs/adr/0030): a chart version helm.gen3.org never published, kinds whose CRDs no add-on installed, an
// ExternalSecret naming a key the secret manager does not hold, a service-account role the IaC plugin never
// created, and a namespace the plugin did not create the roles and secrets for.
import YAML from 'yaml';
import type { SimulatedCloudInventory } from '../deploys/argoCdRegistration.ts';
import published from './publishedHelmCharts.json' with { type: 'json' };

/** What the simulator knows of an add-on chart: the kinds it installs, the cluster-scoped kinds it creates. */
interface AddonChart {
  installs: string[];
  clusterScoped: string[];
}

const RBAC_AND_WEBHOOKS = [
  'apiextensions.k8s.io/CustomResourceDefinition',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
];

/** Add-on charts the simulator can "install" (their CRDs), by chart name. */
export const SIM_ADDON_CHARTS: Record<string, AddonChart> = {
  'external-secrets': {
    installs: [
      'external-secrets.io/ExternalSecret',
      'external-secrets.io/SecretStore',
      'external-secrets.io/ClusterSecretStore',
      'external-secrets.io/ClusterExternalSecret',
      'external-secrets.io/PushSecret',
    ],
    clusterScoped: [...RBAC_AND_WEBHOOKS, 'admissionregistration.k8s.io/ValidatingWebhookConfiguration'],
  },
  'aws-load-balancer-controller': {
    installs: ['elbv2.k8s.aws/TargetGroupBinding', 'elbv2.k8s.aws/IngressClassParams'],
    clusterScoped: [
      ...RBAC_AND_WEBHOOKS,
      'admissionregistration.k8s.io/MutatingWebhookConfiguration',
      'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
      'networking.k8s.io/IngressClass',
    ],
  },
  karpenter: {
    installs: ['karpenter.sh/NodePool', 'karpenter.sh/NodeClaim', 'karpenter.k8s.aws/EC2NodeClass'],
    clusterScoped: RBAC_AND_WEBHOOKS,
  },
  'cert-manager': {
    installs: ['cert-manager.io/Certificate', 'cert-manager.io/Issuer', 'cert-manager.io/ClusterIssuer'],
    clusterScoped: [...RBAC_AND_WEBHOOKS, 'admissionregistration.k8s.io/ValidatingWebhookConfiguration'],
  },
};

const PUBLISHED = published as { repository: string; charts: Record<string, string[]> };

/**
 * Why Argo CD cannot generate manifests for a chart source, or undefined: a chart of helm.gen3.org at a
 * version its index never published (the simulator knows helm.gen3.org only; other repositories pass).
 */
export function unpublishedChartProblem(
  source: { repoURL?: string; chart?: string; targetRevision?: string },
  position: string,
): string | undefined {
  if (!source.chart || source.repoURL?.replace(/\/+$/, '') !== PUBLISHED.repository) return undefined;
  const versions = PUBLISHED.charts[source.chart] ?? [];
  if (versions.includes(source.targetRevision ?? '')) return undefined;
  return `Failed to load target state: failed to generate manifest for source ${position}: rpc error: code = Unknown desc = failed to execute helm pull: chart "${source.chart}" version "${source.targetRevision}" not found in ${PUBLISHED.repository} repository (simulated)`;
}

/** Kinds Kubernetes serves without any CRD. */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'rbac.authorization.k8s.io',
  'networking.k8s.io',
  'policy',
  'autoscaling',
  'scheduling.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
]);

interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> };
  spec?: {
    data?: Array<{ remoteRef?: { key?: string } }>;
    dataFrom?: Array<{ extract?: { key?: string } }>;
  };
}

/** What the Gen3 application asks of the cluster and the cloud, read from its values.yaml and secrets.yaml. */
export interface Gen3Requirements {
  /** `group/Kind` of every custom resource it applies, with one object of that kind. */
  customKinds: Map<string, string>;
  /** Secret-manager keys each ExternalSecret reads. */
  remoteKeys: Array<{ externalSecret: string; key: string }>;
  /** Roles service accounts are annotated with. */
  roles: Array<{ serviceAccount: string; arn: string }>;
}

const ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';
const groupOf = (apiVersion = '') => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');

export function gen3Requirements(valuesText: string, secretsText: string | undefined): Gen3Requirements {
  const requirements: Gen3Requirements = { customKinds: new Map(), remoteKeys: [], roles: [] };
  const manifests = secretsText
    ? YAML.parseAllDocuments(secretsText).map((document) => (document.toJSON() ?? {}) as Manifest)
    : [];
  for (const manifest of manifests) {
    const group = groupOf(manifest.apiVersion);
    const name = manifest.metadata?.name ?? '';
    if (!BUILT_IN_GROUPS.has(group) && manifest.kind)
      requirements.customKinds.set(`${group}/${manifest.kind}`, name);
    if (manifest.kind === 'ExternalSecret') {
      const keys = [
        ...(manifest.spec?.data ?? []).map((entry) => entry.remoteRef?.key),
        ...(manifest.spec?.dataFrom ?? []).map((entry) => entry.extract?.key),
      ].filter((key): key is string => !!key);
      for (const key of new Set(keys)) requirements.remoteKeys.push({ externalSecret: name, key });
    }
    const role = manifest.metadata?.annotations?.[ROLE_ANNOTATION];
    if (manifest.kind === 'ServiceAccount' && role)
      requirements.roles.push({ serviceAccount: name, arn: role });
  }
  const values = (YAML.parse(valuesText) ?? {}) as Record<
    string,
    { enabled?: boolean; serviceAccount?: { annotations?: Record<string, string> } } | null
  >;
  for (const [chart, block] of Object.entries(values)) {
    if (chart === 'global' || !block || typeof block !== 'object' || block.enabled === false) continue;
    const role = block.serviceAccount?.annotations?.[ROLE_ANNOTATION];
    if (role) requirements.roles.push({ serviceAccount: `${chart} service account`, arn: role });
  }
  return requirements;
}

/** The first custom kind whose CRD the destination cluster lacks, in Argo CD's words. */
export function missingCrdProblem(
  requirements: Gen3Requirements,
  installedKinds: Set<string>,
  namespace: string,
): string | undefined {
  for (const [groupKind, name] of requirements.customKinds) {
    if (installedKinds.has(groupKind)) continue;
    const kind = groupKind.split('/')[1];
    return `The Kubernetes API could not find ${groupKind} for requested resource ${namespace}/${name}. Make sure the "${kind}" CRD is installed on the destination cluster (install the cluster add-ons first) (simulated)`;
  }
  return undefined;
}

/**
 * Why the synced commons cannot become healthy, checked against what the sim plugin created; and warnings
 * for the parts of its inventory the plugin does not report (those are not checked, and say so).
 */
export function inventoryProblems(
  requirements: Gen3Requirements,
  inventory: SimulatedCloudInventory,
  namespace: string,
): { problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (inventory.namespace === undefined) warnings.push('the sim plugin reports no namespace output');
  else if (inventory.namespace !== namespace)
    problems.push(
      `the IaC plugin created the commons' roles and secrets for namespace "${inventory.namespace}", but the application deploys to "${namespace}": the roles trust no service account of "${namespace}" (AssumeRoleWithWebIdentity: AccessDenied)`,
    );
  if (inventory.secretManagerKeys === undefined)
    warnings.push('the sim plugin reports no secret_manager_keys output');
  else {
    const present = new Set(inventory.secretManagerKeys);
    const missing = requirements.remoteKeys.filter((entry) => !present.has(entry.key));
    if (missing.length)
      problems.push(
        `ExternalSecret ${missing
          .slice(0, 5)
          .map((entry) => `${namespace}/${entry.externalSecret} reads "${entry.key}"`)
          .join(
            ', ',
          )}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}, which the secret manager does not hold (SecretSyncedError: nobody created it)`,
      );
  }
  if (inventory.roleArns === undefined) warnings.push('the sim plugin reports no role_arns output');
  else {
    const created = new Set(inventory.roleArns);
    const missing = requirements.roles.filter((entry) => !created.has(entry.arn));
    if (missing.length)
      problems.push(
        `${missing
          .slice(0, 5)
          .map((entry) => `${entry.serviceAccount} names role ${entry.arn}`)
          .join(
            ', ',
          )}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}, which the IaC plugin did not create: its pods cannot assume it`,
      );
  }
  return { problems, warnings };
}
