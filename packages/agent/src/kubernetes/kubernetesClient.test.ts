// How the agent finds its cluster from inside a pod, and the names it refuses to put in a URL.
import { describe, expect, it } from 'vitest';
import { assertObjectName, inClusterClientOptions, SERVICE_ACCOUNT_DIR } from './kubernetesClient.ts';

describe('inClusterClientOptions', () => {
  it('reaches the API server from the service env with the projected token and CA', () => {
    expect(
      inClusterClientOptions({
        KUBERNETES_SERVICE_HOST: '10.100.0.1',
        KUBERNETES_SERVICE_PORT: '443',
        CSOC_AGENT_NAMESPACE: 'gen3',
      }),
    ).toEqual({
      server: 'https://10.100.0.1:443',
      namespace: 'gen3',
      caFile: `${SERVICE_ACCOUNT_DIR}/ca.crt`,
      tokenFile: `${SERVICE_ACCOUNT_DIR}/token`,
    });
    expect(
      inClusterClientOptions({ KUBERNETES_SERVICE_HOST: 'fd00::1', CSOC_AGENT_NAMESPACE: 'gen3' }).server,
    ).toBe('https://[fd00::1]:443');
  });

  it('says where it must run when there is no cluster', () => {
    expect(() => inClusterClientOptions({})).toThrow(
      /KUBERNETES_SERVICE_HOST is not set: csoc-agent must run in a pod/,
    );
  });
});

describe('assertObjectName', () => {
  it('lets Kubernetes names through and refuses anything that could change the path', () => {
    expect(assertObjectName('fence-7d9f8-abcde', 'pod')).toBe('fence-7d9f8-abcde');
    for (const name of ['../secrets', 'a/b', 'Fence', '', 'x..y', 'a?watch=true', '-lead'])
      expect(() => assertObjectName(name, 'pod')).toThrow(/is not a Kubernetes object name/);
  });
});
