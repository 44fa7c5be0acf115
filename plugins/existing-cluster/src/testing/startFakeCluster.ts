// Test support: the plugin SDK's fake Kubernetes API server behind TLS (a test CA), with bearer-token and
// client-certificate authentication, and kubeconfigs that reach it the way an operator's would.
import {
  createFakeKubernetesApi,
  type FakePermissionRule,
} from '@csoc/plugin-sdk/testing/createFakeKubernetesApi.ts';
import {
  createTestCertificates,
  type TestCertificates,
} from '@csoc/plugin-sdk/testing/createTestCertificates.ts';

/** The token the fake accepts; tests check it never shows in run output, plans or state. */
export const FAKE_CLUSTER_TOKEN = 'csoc-deployer-token-CANARY-7f3a9c1e5b';

/**
 * The Role docs/plugins/existing-cluster.md tells an operator to bind in the commons namespace, as a permission
 * table (written as an admin writes RBAC rules, not generated from the plugin's list).
 */
export const GEN3_DEPLOYER_ROLE_RULES: FakePermissionRule[] = [
  {
    groups: ['', 'apps', 'batch', 'networking.k8s.io', 'policy', 'autoscaling', 'rbac.authorization.k8s.io'],
    resources: [
      'configmaps',
      'secrets',
      'services',
      'serviceaccounts',
      'persistentvolumeclaims',
      'deployments',
      'statefulsets',
      'jobs',
      'cronjobs',
      'ingresses',
      'networkpolicies',
      'poddisruptionbudgets',
      'horizontalpodautoscalers',
      'roles',
      'rolebindings',
    ],
    verbs: ['create', 'get', 'list', 'watch', 'patch', 'update', 'delete'],
  },
  { groups: ['external-secrets.io'], resources: ['externalsecrets', 'secretstores'], verbs: ['*'] },
  { groups: [''], resources: ['pods', 'pods/log', 'events'], verbs: ['get', 'list', 'watch', 'delete'] },
  { groups: [''], resources: ['namespaces'], verbs: ['get'] },
];

export interface FakeClusterOptions {
  /** Namespaces where GEN3_DEPLOYER_ROLE_RULES is bound, unless `permissions` is given. */
  namespaces: string[];
  permissions?: FakePermissionRule[];
  /** Namespaces that exist; default `namespaces`. */
  existingNamespaces?: string[];
  /** Delay of every answer (a cluster across a network). */
  responseDelayMs?: number;
}

export interface FakeCluster {
  url: string;
  certificates: TestCertificates;
  api: ReturnType<typeof createFakeKubernetesApi>;
  /** A kubeconfig for the fake; by default a token user with the test CA. */
  kubeconfig(options?: KubeconfigOptions): string;
  close(): Promise<void>;
}

export interface KubeconfigOptions {
  token?: string;
  clientCertificate?: boolean;
  exec?: boolean;
  insecureSkipTlsVerify?: boolean;
  /** Leave out certificate-authority-data. */
  withoutCa?: boolean;
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

/** Starts the fake on an ephemeral loopback port. */
export async function startFakeCluster(options: FakeClusterOptions): Promise<FakeCluster> {
  const certificates = createTestCertificates({ clientCommonName: 'cert-deployer' });
  const permissions =
    options.permissions ??
    GEN3_DEPLOYER_ROLE_RULES.map((rule) => ({ ...rule, namespaces: options.namespaces }));
  const api = createFakeKubernetesApi({
    tls: { cert: certificates.serverCert, key: certificates.serverKey },
    clientCa: certificates.caCert,
    tokens: [FAKE_CLUSTER_TOKEN],
    permissions,
    namespaces: options.existingNamespaces ?? options.namespaces,
    responseDelayMs: options.responseDelayMs,
  });
  const url = await api.listen();
  return {
    url,
    certificates,
    api,
    close: () => api.close(),
    kubeconfig(kubeconfigOptions = {}) {
      const cluster = [
        `    server: ${url}`,
        ...(kubeconfigOptions.withoutCa
          ? []
          : [`    certificate-authority-data: ${base64(certificates.caCert)}`]),
        ...(kubeconfigOptions.insecureSkipTlsVerify ? ['    insecure-skip-tls-verify: true'] : []),
      ];
      const user = kubeconfigOptions.exec
        ? [
            '    exec:',
            '      apiVersion: client.authentication.k8s.io/v1beta1',
            '      command: aws',
            '      args: [eks, get-token, --cluster-name, onprem]',
          ]
        : kubeconfigOptions.clientCertificate
          ? [
              `    client-certificate-data: ${base64(certificates.clientCert)}`,
              `    client-key-data: ${base64(certificates.clientKey)}`,
            ]
          : [`    token: ${kubeconfigOptions.token ?? FAKE_CLUSTER_TOKEN}`];
      return [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: onprem',
        '  cluster:',
        ...cluster,
        'users:',
        '- name: csoc-deployer',
        '  user:',
        ...user,
        'contexts:',
        '- name: onprem',
        '  context:',
        '    cluster: onprem',
        '    user: csoc-deployer',
        'current-context: onprem',
        '',
      ].join('\n');
    },
  };
}
