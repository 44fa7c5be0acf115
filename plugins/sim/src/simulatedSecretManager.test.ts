// The simulated secret manager holds exactly what the AWS design creates: the same entries, properties and
// creators as plugins/aws/terraform/commons-secrets.json (which the AWS Terraform plans, see
// plugins/aws/src/secretsNeverInPlan.test.ts), under the same <environment>-<namespace>- names.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  COMMONS_SECRETS,
  DATABASE_CREDENTIAL_PROPERTIES,
  DEFAULT_DATABASE_SERVICES,
  simulatedSecretManager,
} from './simulatedSecretManager.ts';
import { toTerraformVariables } from './toTerraformVariables.ts';

const awsCatalog = JSON.parse(
  readFileSync(new URL('../../aws/terraform/commons-secrets.json', import.meta.url), 'utf8'),
) as { databaseCredentialProperties: string[]; secrets: Record<string, unknown> };

describe('the simulated secret manager', () => {
  it('has the entries, properties and creators of the AWS design', () => {
    expect(COMMONS_SECRETS).toEqual(awsCatalog.secrets);
    expect(DATABASE_CREDENTIAL_PROPERTIES).toEqual(awsCatalog.databaseCredentialProperties);
  });

  it('names every entry <environment>-<namespace>-<name>, database credentials per database service', () => {
    const entries = simulatedSecretManager({
      environment: 'sim-cluster-1',
      namespace: 'sandbox',
      databaseServices: ['fence', 'indexd'],
      loginClientSecretRefs: ['sim-cluster-1-sandbox-idp-client'],
    });
    expect(Object.keys(entries).filter((name) => !name.startsWith('sim-cluster-1-sandbox-'))).toEqual([]);
    expect(entries['sim-cluster-1-sandbox-fence-creds']?.properties).toEqual(DATABASE_CREDENTIAL_PROPERTIES);
    expect(entries['sim-cluster-1-sandbox-indexd-creds']).toBeDefined();
    expect(entries['sim-cluster-1-sandbox-sheepdog-creds']).toBeUndefined();
    expect(entries['sim-cluster-1-sandbox-fence-jwt-keys']).toEqual({
      properties: ['jwt_private_key.pem'],
      creator: 'bootstrap',
    });
    expect(entries['sim-cluster-1-sandbox-idp-client']).toEqual({
      properties: ['client_secret'],
      creator: 'operator',
    });
    expect(Object.keys(entries)).toHaveLength(Object.keys(COMMONS_SECRETS).length + 3);
  });
});

describe('the sim plugin populates it', () => {
  it("passes every entry's full name to its Terraform, namespace = the commons name", () => {
    const variables = toTerraformVariables(
      { name: 'alpha' },
      { runId: 'r1', commons: { org: 'acme', name: 'alpha' } },
    );
    expect(variables.commons_secret_names).toEqual(
      Object.keys(
        simulatedSecretManager({
          environment: 'alpha',
          namespace: 'alpha',
          databaseServices: DEFAULT_DATABASE_SERVICES,
        }),
      ).sort(),
    );
  });

  it('defaults to the database services of the AWS plugin', () => {
    const awsManifest = JSON.parse(readFileSync(new URL('../../aws/manifest.json', import.meta.url), 'utf8'));
    expect(DEFAULT_DATABASE_SERVICES).toEqual(awsManifest.inputs.properties.databaseServices.default);
  });
});
