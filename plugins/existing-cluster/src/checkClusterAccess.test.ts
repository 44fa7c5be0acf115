// The access check against the fake Kubernetes API server (plugin SDK), over TLS with a test CA: what a granted,
// a short-handed, a wrongly-authenticated and a not-yet-namespaced identity each get.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkClusterAccess,
  describeMissingPermission,
  MissingPermissionsError,
} from './checkClusterAccess.ts';
import { createKubernetesApiClient } from './createKubernetesApiClient.ts';
import { readKubeconfig } from './readKubeconfig.ts';
import { commonsNamespacePermissions } from './requiredPermissions.ts';
import { GEN3_DEPLOYER_ROLE_RULES, startFakeCluster, type FakeCluster } from './testing/startFakeCluster.ts';

describe('checkClusterAccess (fake API server over TLS)', () => {
  let cluster: FakeCluster;
  beforeAll(async () => {
    cluster = await startFakeCluster({ namespaces: ['heart'] });
  }, 120_000);
  afterAll(async () => {
    await cluster?.close();
  });

  async function check(kubeconfig: string, namespace = 'heart', secretsNamespace = namespace) {
    const client = createKubernetesApiClient(readKubeconfig(kubeconfig));
    try {
      return await checkClusterAccess({ client, namespace, secretsNamespace });
    } finally {
      client.close();
    }
  }

  it('finds nothing missing when the documented Role is bound, asking a review per permission', async () => {
    const before = cluster.api.accessReviews.length;
    const report = await check(cluster.kubeconfig());
    expect(report.missing).toEqual([]);
    expect(report.namespaceExists).toBe(true);
    const asked = cluster.api.accessReviews.slice(before);
    expect(asked.length).toBe(commonsNamespacePermissions().length);
    expect(asked).toContainEqual(
      expect.objectContaining({ verb: 'create', group: 'apps', resource: 'deployments', namespace: 'heart' }),
    );
    expect(asked).toContainEqual(
      expect.objectContaining({ verb: 'get', resource: 'pods', subresource: 'log', namespace: 'heart' }),
    );
  });

  it('authenticates with a client certificate too', async () => {
    const report = await check(cluster.kubeconfig({ clientCertificate: true }));
    expect(report.missing).toEqual([]);
    expect(cluster.api.accessReviews.at(-1)!.user).toBe('cert-deployer');
  });

  it('names every missing permission with verb, group, resource and namespace', async () => {
    cluster.api.accessReviews.length = 0;
    const withoutCronJobs = GEN3_DEPLOYER_ROLE_RULES.map((rule) => ({
      ...rule,
      resources: rule.resources?.filter((resource) => resource !== 'cronjobs'),
      namespaces: ['heart'],
    }));
    const narrow = await startFakeCluster({ namespaces: ['heart'], permissions: withoutCronJobs });
    try {
      const report = await check(narrow.kubeconfig());
      expect(report.missing.map(describeMissingPermission)).toEqual(
        ['create', 'get', 'list', 'watch', 'patch', 'delete'].map(
          (verb) => `${verb} batch/cronjobs in namespace "heart"`,
        ),
      );
      const error = new MissingPermissionsError(report, 'csoc-deployer');
      expect(error.message).toMatch(
        /^The kubeconfig user "csoc-deployer" may not do what the Gen3 deploy needs: missing create batch\/cronjobs in namespace "heart", get batch\/cronjobs/,
      );
      expect(error.detail).toContain('- delete batch/cronjobs in namespace "heart"');
    } finally {
      await narrow.close();
    }
  });

  it('checks the secrets namespace separately when it is another one', async () => {
    const report = await check(cluster.kubeconfig(), 'heart', 'gen3-secrets');
    expect(report.missing.map(describeMissingPermission)).toContain(
      'get secrets in namespace "gen3-secrets"',
    );
    expect(report.missing.map(describeMissingPermission)).toContain(
      'create rbac.authorization.k8s.io/rolebindings in namespace "gen3-secrets"',
    );
    expect(report.missing.every((permission) => permission.namespace === 'gen3-secrets')).toBe(true);
  });

  it('asks for create namespaces when the namespace does not exist, and names it when refused', async () => {
    // A user who may read namespaces cluster-wide (so a missing one answers 404, not 403) but not create one.
    const reader = await startFakeCluster({
      namespaces: ['heart'],
      permissions: [
        ...GEN3_DEPLOYER_ROLE_RULES.map((rule) => ({ ...rule, namespaces: ['heart', 'lung'] })),
        { groups: [''], resources: ['namespaces'], verbs: ['get', 'list'] },
      ],
    });
    try {
      const report = await check(reader.kubeconfig(), 'lung');
      expect(report.namespaceExists).toBe(false);
      expect(report.missing.map(describeMissingPermission)).toEqual(['create namespaces (cluster-wide)']);
    } finally {
      await reader.close();
    }
  });

  it('names the missing get when the namespace cannot even be read', async () => {
    const blind = await startFakeCluster({
      namespaces: ['heart'],
      permissions: GEN3_DEPLOYER_ROLE_RULES.filter((rule) => !rule.resources?.includes('namespaces')).map(
        (rule) => ({ ...rule, namespaces: ['heart'] }),
      ),
    });
    try {
      const report = await check(blind.kubeconfig());
      expect(report.missing.map(describeMissingPermission)).toEqual(['get namespaces "heart"']);
    } finally {
      await blind.close();
    }
  });

  it('reports a wrong token as refused credentials, naming the user and the fix', async () => {
    await expect(check(cluster.kubeconfig({ token: 'expired-token' }))).rejects.toThrow(
      /refused the credentials of kubeconfig user "csoc-deployer" \(401 Unauthorized\).*update the cloud account's kubeconfig/,
    );
  });

  it('refuses a server certificate the kubeconfig CA does not verify', async () => {
    await expect(check(cluster.kubeconfig({ withoutCa: true }))).rejects.toThrow(
      /certificate the kubeconfig's CA does not verify/,
    );
  });
});
