// Test support: the agent's namespaced Role of ADR 0065 as the fake API server's permission table, so tests
// prove every call the agent makes is one that Role allows (and nothing cluster-wide).
import type { FakePermissionRule } from '@csoc/plugin-sdk/testing/createFakeKubernetesApi.ts';

export function agentRoleRules(
  namespace: string,
  options: { argocdNamespace?: string } = {},
): FakePermissionRule[] {
  const rules: FakePermissionRule[] = [
    {
      verbs: ['get', 'list', 'watch'],
      groups: ['apps'],
      resources: ['deployments', 'statefulsets'],
      namespaces: [namespace],
    },
    {
      verbs: ['get', 'list', 'watch'],
      groups: ['batch'],
      resources: ['jobs', 'cronjobs'],
      namespaces: [namespace],
    },
    {
      verbs: ['get', 'list', 'watch'],
      groups: [''],
      resources: ['pods', 'pods/log', 'events'],
      namespaces: [namespace],
    },
    { verbs: ['get', 'list'], groups: ['metrics.k8s.io'], resources: ['pods'], namespaces: [namespace] },
    { verbs: ['create'], groups: ['batch'], resources: ['jobs'], namespaces: [namespace] },
    { verbs: ['patch'], groups: ['apps'], resources: ['deployments'], namespaces: [namespace] },
    // RBAC's resourceNames: the fake's table has no names, so the tests assert the Secret's name themselves.
    { verbs: ['get', 'update', 'patch'], groups: [''], resources: ['secrets'], namespaces: [namespace] },
  ];
  if (options.argocdNamespace)
    rules.push({
      // As the rendered csoc-agent-read-<namespace> Role grants (renderCsocAgent.ts, ADR 0080).
      verbs: ['get', 'list', 'watch'],
      groups: ['argoproj.io'],
      resources: ['applications'],
      namespaces: [options.argocdNamespace],
    });
  return rules;
}
