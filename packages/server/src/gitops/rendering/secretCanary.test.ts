// A secret value must never reach a GitOps file (or an error message). A canary string is put everywhere a
// secret could plausibly be pasted: each attempt is either refused, or renders files that do not contain it.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.ts';
import { GOLDEN_FIXTURES, loadFixture } from './gitopsTestFixtures.ts';
import { renderCommonsGitOps } from './renderCommonsGitOps.ts';

const CANARY = 'CANARY-s3cr3t-9f2d7c41';

type Input = Record<string, any>;

/** Places a secret could be put into the input, each a mutation of a fixture. */
const placements: Array<[string, (input: Input) => void]> = [
  [
    'a clientSecret field on a login provider',
    (input) => (input.gen3.loginProviders[0].clientSecret = CANARY),
  ],
  [
    'a client_secret field on a login provider',
    (input) => (input.gen3.loginProviders[0].client_secret = CANARY),
  ],
  ['a password next to the settings', (input) => (input.gen3.postgresPassword = CANARY)],
  ['a secrets map at the top level', (input) => (input.secrets = { fence: CANARY })],
  ['a database password in the plugin outputs', (input) => (input.outputs.db_password = CANARY)],
  ['an access key in the plugin outputs', (input) => (input.outputs.aws_secret_access_key = CANARY)],
  [
    'the fence private config in overrides',
    (input) => (input.gen3.serviceOverrides = { fence: { FENCE_CONFIG: { ENCRYPTION_KEY: CANARY } } }),
  ],
  [
    'the wts OIDC client secret in overrides',
    (input) => (input.gen3.serviceOverrides = { wts: { oidc_client_secret: CANARY } }),
  ],
  [
    'an S3 secret key for user.yaml in overrides',
    (input) => (input.gen3.serviceOverrides = { fence: { usersync: { userYamlS3SecretAccessKey: CANARY } } }),
  ],
  [
    'aws-es-proxy keys in overrides',
    (input) =>
      (input.gen3.serviceOverrides = { 'aws-es-proxy': { secrets: { awsSecretAccessKey: CANARY } } }),
  ],
  [
    'a database password in overrides',
    (input) => (input.gen3.serviceOverrides = { sheepdog: { postgres: { password: CANARY } } }),
  ],
  [
    'a database URL with a password in the public fence config',
    (input) =>
      (input.gen3.serviceOverrides = {
        fence: { FENCE_CONFIG_PUBLIC: { DB: `postgresql://fence:${CANARY}@db.internal:5432/fence` } },
      }),
  ],
  [
    'a token nested in an allowed override',
    (input) => (input.gen3.serviceOverrides = { guppy: { env: [{ name: 'X', apiToken: CANARY }] } }),
  ],
  [
    'credentials in the GitOps repository URL',
    (input) => (input.gitopsRepoUrl = `https://git:${CANARY}@github.com/a/b.git`),
  ],
  [
    'credentials in the user.yaml URL',
    (input) => (input.gen3.userYamlSource = `https://key:${CANARY}@minio.acme.org/b/user.yaml`),
  ],
  ['a secret value as a service name', (input) => input.gen3.services.push(CANARY)],
  ['a secret value as the release', (input) => (input.release = CANARY)],
  ['a secret value as the hostname', (input) => (input.gen3.hostname = CANARY)],
  // The telemetry agent's ingest credential reaches it only through the secret manager (ADR 0040).
  [
    'an ingest token in the telemetry endpoint',
    (input) => (input.telemetry.endpoint = `https://otlp:${CANARY}@csoc.example.org/otlp`),
  ],
  [
    'an ingest token as a query of the telemetry endpoint',
    (input) => (input.telemetry.endpoint = `https://csoc.example.org/otlp?token=${CANARY}`),
  ],
  ['an ingest token next to the telemetry settings', (input) => (input.telemetry.token = CANARY)],
  [
    'an ingest token in the alloy overrides',
    (input) => (input.gen3.serviceOverrides = { alloy: { alloy: { extraEnv: [{ value: CANARY }] } } }),
  ],
];

describe('secret canary', () => {
  it.each(placements)('%s is refused or never written', (_where, place) => {
    for (const fixture of GOLDEN_FIXTURES) {
      const input = loadFixture(fixture);
      place(input);
      let files: Record<string, string>;
      try {
        files = renderCommonsGitOps(input).files;
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        // The refusal does not repeat the secret either.
        expect(
          JSON.stringify({ message: (error as InputError).message, details: (error as InputError).details }),
        ).not.toContain(CANARY);
        continue;
      }
      for (const [name, text] of Object.entries(files))
        expect(text, `${fixture} ${name}`).not.toContain(CANARY);
    }
  });

  it('refuses a client secret given by value and says how to reference it instead', () => {
    const input = loadFixture('aws');
    input.gen3.loginProviders[0].clientSecret = CANARY;
    try {
      renderCommonsGitOps(input);
      throw new Error('expected an InputError');
    } catch (error) {
      expect((error as InputError).details).toContainEqual({
        field: 'gen3.loginProviders[0].clientSecret',
        message: expect.stringMatching(/secrets are never part of the input.*clientSecretRef/),
      });
    }
  });

  it('writes the client secret reference, never a value, into the fence-config ExternalSecret', () => {
    const secrets = renderCommonsGitOps(loadFixture('aws')).files['secrets.yaml'];
    expect(secrets).toContain('key: c1-brain-google-oauth-client');
    expect(secrets).toContain('client_secret: {{ .idp_google_client_secret | toJson }}');
    const values = renderCommonsGitOps(loadFixture('aws')).files['values.yaml'];
    expect(values).not.toMatch(/client_secret|c1-brain-google-oauth-client/);
  });
});
