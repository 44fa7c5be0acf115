// The kubeconfig reader: what an operator's kubeconfig gives the plugin, and the refusals with their fix.
import { describe, expect, it } from 'vitest';
import { KubeconfigError, readKubeconfig } from './readKubeconfig.ts';

const b64 = (text: string) => Buffer.from(text).toString('base64');

function kubeconfig(cluster: string[], user: string[], extra = ''): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: c',
    '  cluster:',
    ...cluster.map((line) => `    ${line}`),
    'users:',
    '- name: u',
    '  user:',
    ...user.map((line) => `    ${line}`),
    'contexts:',
    '- name: ctx',
    '  context: { cluster: c, user: u }',
    '- name: other',
    '  context: { cluster: c, user: u }',
    'current-context: ctx',
    extra,
  ].join('\n');
}

const SERVER = 'server: https://api.onprem.example.org:6443';
const CA = `certificate-authority-data: ${b64('-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n')}`;

describe('readKubeconfig', () => {
  it('reads server, CA and token of the current context', () => {
    const connection = readKubeconfig(kubeconfig([SERVER, CA], ['token: abc.def']));
    expect(connection).toMatchObject({
      contextName: 'ctx',
      userName: 'u',
      server: 'https://api.onprem.example.org:6443',
      token: 'abc.def',
      insecureSkipTlsVerify: false,
    });
    expect(connection.caCert).toContain('BEGIN CERTIFICATE');
  });

  it('reads an inline client certificate and key, and the context the account names', () => {
    const connection = readKubeconfig(
      kubeconfig([SERVER, CA], [`client-certificate-data: ${b64('CERT')}`, `client-key-data: ${b64('KEY')}`]),
      { context: 'other' },
    );
    expect(connection).toMatchObject({ contextName: 'other', clientCert: 'CERT', clientKey: 'KEY' });
  });

  it('refuses an exec plugin, naming the command and the fix', () => {
    const text = kubeconfig(
      [SERVER, CA],
      ['exec:', '  apiVersion: client.authentication.k8s.io/v1beta1', '  command: gke-gcloud-auth-plugin'],
    );
    expect(() => readKubeconfig(text)).toThrow(KubeconfigError);
    expect(() => readKubeconfig(text)).toThrow(
      /user "u" authenticates with an exec plugin \(gke-gcloud-auth-plugin\).*no cloud CLIs.*kubectl create token/,
    );
  });

  it('refuses an auth-provider plugin', () => {
    expect(() => readKubeconfig(kubeconfig([SERVER, CA], ['auth-provider:', '  name: oidc']))).toThrow(
      /auth-provider plugin/,
    );
  });

  it('refuses insecure-skip-tls-verify unless the inputs allow it', () => {
    const text = kubeconfig([SERVER, 'insecure-skip-tls-verify: true'], ['token: t0ken']);
    expect(() => readKubeconfig(text)).toThrow(/insecure-skip-tls-verify.*allowInsecureTls/);
    expect(readKubeconfig(text, { allowInsecureTls: true }).insecureSkipTlsVerify).toBe(true);
  });

  it('refuses files the plugin cannot read, plain http, basic auth and a user without credentials', () => {
    expect(() =>
      readKubeconfig(kubeconfig([SERVER, 'certificate-authority: /etc/ca.crt'], ['token: t'])),
    ).toThrow(/certificate-authority.*--flatten/);
    expect(() => readKubeconfig(kubeconfig([SERVER, CA], ['tokenFile: /var/run/token']))).toThrow(
      /tokenFile/,
    );
    expect(() => readKubeconfig(kubeconfig(['server: http://10.0.0.1:8080'], ['token: t']))).toThrow(
      /plain http/,
    );
    expect(() => readKubeconfig(kubeconfig([SERVER, CA], ['username: admin', 'password: x']))).toThrow(
      /basic auth/,
    );
    expect(() => readKubeconfig(kubeconfig([SERVER, CA], ['{}'].slice(1)))).toThrow(/no credentials/);
  });

  it('names a context that is not there', () => {
    expect(() => readKubeconfig(kubeconfig([SERVER, CA], ['token: t']), { context: 'prod' })).toThrow(
      /context "prod" is not in the kubeconfig/,
    );
  });
});
