// The composite secrets the write step creates once: every name and key the renderer's ExternalSecrets and
// gen3-helm read for the services whose database exists, values built from the database credentials, fresh
// keys each time, and fence's base configuration as block YAML the renderer's template can extend.
import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { databaseCredentials, flatYaml, generatedSecrets } from './generatedSecrets.ts';

const database = (service: string) => ({
  host: 'private-gen3-dev-pg.db.ondigitalocean.com',
  port: '25060',
  database: `${service}_reef`,
  username: `${service}_reef`,
  password: `p@ss:${service}/CANARY`,
});
const options = {
  prefix: 'gen3-dev-reef',
  hostname: 'reef.example.org',
  manifestBucket: 'gen3-dev-reef-manifest',
  databases: { fence: database('fence'), audit: database('audit'), metadata: database('metadata') },
};

describe('generatedSecrets', () => {
  it('makes the secrets of the services with a database, prefixed, with the keys the charts read', () => {
    const secrets = generatedSecrets(options);
    expect(Object.keys(secrets).sort()).toEqual(
      [
        'audit-g3auto',
        'fence-config',
        'fence-google-app-creds-secret',
        'fence-google-storage-creds-secret',
        'fence-jwt-keys',
        'indexd-service-creds',
        'manifestservice-g3auto',
        'metadata-g3auto',
        'pelicanservice-g3auto',
        'sower-jobs-g3auto',
        'wts-g3auto',
      ].map((name) => `gen3-dev-reef-${name}`),
    );
    expect(Object.keys(secrets['gen3-dev-reef-indexd-service-creds']!).sort()).toEqual([
      'fence',
      'gateway',
      'sheepdog',
      'ssj',
    ]);
    expect(Object.keys(secrets['gen3-dev-reef-metadata-g3auto']!).sort()).toEqual([
      'base64Authz.txt',
      'dbcreds.json',
      'metadata.env',
    ]);
  });

  it('writes fence-config as block YAML with the fence database URL and indexd password, and a usable RSA key', () => {
    const secrets = generatedSecrets(options);
    const text = secrets['gen3-dev-reef-fence-config']!['fence-config.yaml']!;
    // The renderer appends OPENID_CONNECT lines: the result must still be one YAML mapping.
    const config = parseYaml(`${text}OPENID_CONNECT:\n  google:\n    client_secret: "x"\n`);
    expect(config.DB).toBe(
      `postgresql://fence_reef:${encodeURIComponent('p@ss:fence/CANARY')}@private-gen3-dev-pg.db.ondigitalocean.com:25060/fence_reef?sslmode=require`,
    );
    expect(config.INDEXD_PASSWORD).toBe(secrets['gen3-dev-reef-indexd-service-creds']!.fence);
    expect(Buffer.from(config.ENCRYPTION_KEY, 'base64url')).toHaveLength(32);
    expect(config.OPENID_CONNECT.google.client_secret).toBe('x');
    const key = createPrivateKey(secrets['gen3-dev-reef-fence-jwt-keys']!['jwt_private_key.pem']!);
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(secrets['gen3-dev-reef-fence-jwt-keys']!['jwt_private_key.pem']).toMatch(
      /^-----BEGIN RSA PRIVATE KEY-----/,
    );
  });

  it('gives metadata the gateway credentials indexd knows, and audit no queue', () => {
    const secrets = generatedSecrets(options);
    const gateway = secrets['gen3-dev-reef-indexd-service-creds']!.gateway;
    expect(
      Buffer.from(secrets['gen3-dev-reef-metadata-g3auto']!['base64Authz.txt']!, 'base64').toString(),
    ).toBe(`gateway:${gateway}`);
    expect(parseYaml(secrets['gen3-dev-reef-audit-g3auto']!['audit-service-config.yaml']!)).toMatchObject({
      DB_DATABASE: 'audit_reef',
      PULL_FROM_QUEUE: false,
    });
  });

  it('draws new keys every time (so it must only run where the secret does not exist yet)', () => {
    const first = generatedSecrets(options)['gen3-dev-reef-indexd-service-creds']!;
    const second = generatedSecrets(options)['gen3-dev-reef-indexd-service-creds']!;
    expect(first.fence).toMatch(/^[0-9a-f]{32}$/);
    expect(second.fence).not.toBe(first.fence);
  });

  it('reads the database credentials from the write step secrets, ignoring the others', () => {
    expect(
      databaseCredentials('gen3-dev-reef', {
        'gen3-dev-reef-fence-creds': { ...database('fence') },
        'gen3-dev-reef-spaces-creds': { access_key_id: 'x', secret_access_key: 'y' },
        'other-fence-creds': { ...database('fence') },
      }),
    ).toEqual({ fence: database('fence') });
  });

  it('quotes every string so a value cannot break the YAML', () => {
    expect(parseYaml(flatYaml({ A: 'x: y\n#z', B: true }))).toEqual({ A: 'x: y\n#z', B: true });
  });
});
