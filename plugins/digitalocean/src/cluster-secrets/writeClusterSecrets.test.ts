// The write-cluster-secrets step against an HTTPS stand-in of the Kubernetes API (test CA, bearer token,
// server-side apply): what lands in the cluster, what the secret-store service account may read, and that
// a refusal or a wrong CA fails naming the object, never printing a value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestCertificates,
  type TestCertificates,
} from '@csoc/plugin-sdk/testing/createTestCertificates.ts';
import { startFakeApplyApi, type FakeApplyApi } from '../testing/startFakeApplyApi.ts';
import { objectPath } from './callKubernetesApi.ts';
import { runWriteClusterSecretsFromEnvironment } from './runWriteClusterSecretsFromEnvironment.ts';
import { clusterSecretObjects, writeClusterSecrets } from './writeClusterSecrets.ts';

const TOKEN = 'doks-token-CANARY-0001';
const PASSWORD = 'pg-password-CANARY-0002';
const SPACES_SECRET = 'spaces-secret-CANARY-0003';
const secrets = {
  'gen3-dev-brain-fence-creds': {
    host: 'private-gen3-dev-pg.db.ondigitalocean.com',
    port: '25060',
    database: 'fence_brain',
    username: 'fence_brain',
    password: PASSWORD,
    dbcreated: 'true',
  },
  'gen3-dev-brain-spaces-creds': { access_key_id: 'DO00EXAMPLE', secret_access_key: SPACES_SECRET },
};

describe('writeClusterSecrets', () => {
  let certs: TestCertificates;
  let api: FakeApplyApi;
  beforeAll(async () => {
    certs = createTestCertificates();
    api = await startFakeApplyApi({ cert: certs.serverCert, key: certs.serverKey, token: TOKEN });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  const connection = () => ({
    server: api.url,
    // As DigitalOcean's kube_config gives it: base64 of the PEM.
    caCertificate: Buffer.from(certs.caCert).toString('base64'),
    token: TOKEN,
  });

  it('writes the namespace, a reader Role for secret-store-sa and each Secret, base64-encoded', async () => {
    const logged: string[] = [];
    const written = await writeClusterSecrets({
      connection: connection(),
      secretsNamespace: 'gen3-secrets',
      commonsNamespace: 'brain',
      secrets,
      log: (line) => logged.push(line),
    });
    expect(written).toEqual(['gen3-dev-brain-fence-creds', 'gen3-dev-brain-spaces-creds']);
    expect(api.objects.get('/api/v1/namespaces/gen3-secrets')).toMatchObject({ kind: 'Namespace' });
    const binding = api.objects.get(
      '/apis/rbac.authorization.k8s.io/v1/namespaces/gen3-secrets/rolebindings/csoc-secret-store-reader',
    );
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'secret-store-sa', namespace: 'brain' },
    ]);
    const role = api.objects.get(
      '/apis/rbac.authorization.k8s.io/v1/namespaces/gen3-secrets/roles/csoc-secret-store-reader',
    );
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
    ]);
    const fence = api.objects.get('/api/v1/namespaces/gen3-secrets/secrets/gen3-dev-brain-fence-creds');
    expect(Object.keys(fence.data).sort()).toEqual([
      'database',
      'dbcreated',
      'host',
      'password',
      'port',
      'username',
    ]);
    expect(Buffer.from(fence.data.password, 'base64').toString()).toBe(PASSWORD);
    expect(
      api.calls.every((call) => call.startsWith('PATCH ') && call.includes('fieldManager=csoc-digitalocean')),
    ).toBe(true);
    // The log names what was applied, never a value.
    expect(logged.join('\n')).toContain('Secret gen3-secrets/gen3-dev-brain-fence-creds');
    expect(logged.join('\n')).not.toMatch(/CANARY/);
  });

  it('is idempotent: a second run updates the same objects', async () => {
    const before = api.objects.size;
    await writeClusterSecrets({
      connection: connection(),
      secretsNamespace: 'gen3-secrets',
      commonsNamespace: 'brain',
      secrets,
    });
    expect(api.objects.size).toBe(before);
  });

  it('names the object and the API server reason when the cluster refuses, without a value', async () => {
    const path = objectPath(
      clusterSecretObjects({ secretsNamespace: 'other-secrets', commonsNamespace: 'brain', secrets }).at(-1)!,
    );
    api.forbid(path);
    const failure = writeClusterSecrets({
      connection: connection(),
      secretsNamespace: 'other-secrets',
      commonsNamespace: 'brain',
      secrets,
    });
    await expect(failure).rejects.toThrow(
      /refused Secret gen3-dev-brain-spaces-creds in namespace other-secrets \(HTTP 403\): forbidden/,
    );
    await expect(failure).rejects.not.toThrow(/CANARY/);
  });

  it('trusts only the cluster CA: a server certificate from another CA is refused', async () => {
    const other = createTestCertificates();
    await expect(
      writeClusterSecrets({
        connection: { ...connection(), caCertificate: other.caCert },
        secretsNamespace: 'gen3-secrets',
        commonsNamespace: 'brain',
        secrets,
      }),
    ).rejects.toThrow(/cannot reach the Kubernetes API at https:\/\/127\.0\.0\.1:\d+: .*certificate/);
  }, 120_000);

  it('refuses a wrong token with the API server reason', async () => {
    await expect(
      writeClusterSecrets({
        connection: { ...connection(), token: 'wrong' },
        secretsNamespace: 'gen3-secrets',
        commonsNamespace: 'brain',
        secrets,
      }),
    ).rejects.toThrow(/HTTP 401\): Unauthorized/);
  });

  it('refuses bad names and keys before any call, naming them', () => {
    expect(() =>
      clusterSecretObjects({ secretsNamespace: 'Gen3', commonsNamespace: 'brain', secrets }),
    ).toThrow(/secrets namespace "Gen3"/);
    expect(() =>
      clusterSecretObjects({
        secretsNamespace: 's',
        commonsNamespace: 'brain',
        secrets: { Bad_Name: { a: 'b' } },
      }),
    ).toThrow(/"Bad_Name" is not a Kubernetes Secret name/);
    expect(() =>
      clusterSecretObjects({
        secretsNamespace: 's',
        commonsNamespace: 'brain',
        secrets: { ok: { 'a key': 'v' } },
      }),
    ).toThrow(/secret ok: "a key" is not a valid Secret key/);
  });

  it('refuses to send the token over plain HTTP to anything but loopback', async () => {
    await expect(
      writeClusterSecrets({
        connection: { ...connection(), server: 'http://cluster.example.org' },
        secretsNamespace: 'gen3-secrets',
        commonsNamespace: 'brain',
        secrets,
      }),
    ).rejects.toThrow(/without TLS/);
  });

  it('runs from the environment terraform_data.cluster_secrets sets, naming a missing variable', async () => {
    const env = {
      CSOC_DO_KUBE_HOST: api.url,
      CSOC_DO_KUBE_CA: Buffer.from(certs.caCert).toString('base64'),
      CSOC_DO_KUBE_TOKEN: TOKEN,
      CSOC_DO_SECRETS_NAMESPACE: 'env-secrets',
      CSOC_DO_COMMONS_NAMESPACE: 'brain',
      CSOC_DO_SECRETS: JSON.stringify(secrets),
      CSOC_DO_SECRET_PREFIX: 'gen3-dev-brain',
      CSOC_DO_HOSTNAME: 'data.example.org',
      CSOC_DO_MANIFEST_BUCKET: 'gen3-dev-brain-manifest',
    };
    const lines: string[] = [];
    expect(await runWriteClusterSecretsFromEnvironment(env, (line) => lines.push(line))).toHaveLength(2);
    expect(api.objects.has('/api/v1/namespaces/env-secrets/secrets/gen3-dev-brain-spaces-creds')).toBe(true);
    expect(lines.at(-1)).toMatch(/^wrote 2 secrets, created \d+ generated ones$/);
    expect(lines.join('\n')).not.toMatch(/CANARY/);
    // Generated once: fence's signing key and configuration exist now and a second run keeps them.
    const jwtPath = '/api/v1/namespaces/env-secrets/secrets/gen3-dev-brain-fence-jwt-keys';
    const firstKey = api.objects.get(jwtPath).data['jwt_private_key.pem'];
    const again: string[] = [];
    await runWriteClusterSecretsFromEnvironment(env, (line) => again.push(line));
    expect(api.objects.get(jwtPath).data['jwt_private_key.pem']).toBe(firstKey);
    expect(again.at(-1)).toBe('wrote 2 secrets, created 0 generated ones');
    expect(again).toContain('kept the existing Secret env-secrets/gen3-dev-brain-fence-jwt-keys');
    await expect(runWriteClusterSecretsFromEnvironment({ ...env, CSOC_DO_KUBE_TOKEN: '' })).rejects.toThrow(
      /CSOC_DO_KUBE_TOKEN is not set/,
    );
    await expect(
      runWriteClusterSecretsFromEnvironment({ ...env, CSOC_DO_SECRETS: `{"x": ${PASSWORD}` }),
    ).rejects.toThrow(/CSOC_DO_SECRETS is not JSON/);
    await expect(
      runWriteClusterSecretsFromEnvironment({ ...env, CSOC_DO_SECRETS: `{"x": ${PASSWORD}` }),
    ).rejects.not.toThrow(/CANARY/);
  });
});
