// Every Secret and key the enabled services mount (read from ../shared/gen3-helm/<chart>/templates and their
// values.yaml) has a creator: the chart itself, or a rendered ExternalSecret whose remote keys the AWS plugin's
// Terraform (plugins/aws/terraform/commons-secrets.json + the database credentials), the CSOC bootstrap step or
// the operator (login client secrets) creates. The sim plugin's secret manager is held to the same catalog by
// plugins/sim/src/simulatedSecretManager.test.ts. A failure names the Secret, the key and who should create it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { listGen3Charts } from '../releases/releaseCatalog.ts';
import { locateSharedDir, repoRoot } from '../releases/readReleaseCatalogSources.ts';
import { everyPinnedServiceInput, loadFixture } from './gitopsTestFixtures.ts';
import { databaseServicesOf } from './databaseServices.ts';
import { renderCommonsGitOps } from './renderCommonsGitOps.ts';
import {
  findMissingSecretCreators,
  type SecretManagerContents,
  type SwitchedOffMount,
} from './secretCreators.ts';

const chartsDir = join(locateSharedDir(), 'gen3-helm');
const awsPluginDir = join(repoRoot, 'plugins', 'aws');
const catalog = JSON.parse(readFileSync(join(awsPluginDir, 'terraform', 'commons-secrets.json'), 'utf8')) as {
  databaseCredentialProperties: string[];
  secrets: Record<string, { properties: string[]; creator: 'terraform' | 'bootstrap' }>;
};
const manifest = JSON.parse(readFileSync(join(awsPluginDir, 'manifest.json'), 'utf8'));
const DEFAULT_DATABASE_SERVICES = manifest.inputs.properties.databaseServices.default as string[];
const DATABASE_SERVICES = manifest.inputs.properties.databaseServices.items.enum as string[];

/** Template conditions the rendered values switch off (each checked against the chart, see below). */
const SWITCHED_OFF: SwitchedOffMount[] = [
  {
    chart: 'audit',
    where: 'templates/audit-service-export-cron.yaml',
    reason: 'auditServiceExport.enabled is false',
  },
  {
    chart: 'hatchery',
    where: 'templates/workspace-launch-test-cron.yaml',
    reason: 'workspaceLaunchTest.enabled is false',
  },
  {
    chart: 'manifestservice',
    where: 'templates/deployment.yaml:manifestservice-g3auto',
    reason:
      'the aws_access_key_id/aws_secret_access_key env only with static keys (manifestserviceG3auto.awsaccesskey); the CSOC uses the service account role',
  },
  {
    chart: 'manifestservice',
    where: 'templates/deployment.yaml:{{ .Values.global.aws.useLocalSecret.localSecretName }}',
    reason: 'global.aws.useLocalSecret is off',
  },
];

interface Rendered {
  input: Record<string, any>;
  values: Record<string, unknown>;
  secretDocuments: Array<Record<string, unknown>>;
}

function render(input: Record<string, any>): Rendered {
  const { files } = renderCommonsGitOps(input);
  return {
    input,
    values: parseYaml(files['values.yaml']) as Record<string, unknown>,
    secretDocuments: parseAllDocuments(files['secrets.yaml']).map(
      (doc) => doc.toJS() as Record<string, unknown>,
    ),
  };
}

/** What the AWS design leaves in Secrets Manager for a commons (names with the plugin's prefix). */
function awsSecretManager(input: Record<string, any>, databaseServices: string[]): SecretManagerContents {
  const prefix = `${input.outputs.cluster_name}-${input.commons}-`;
  const contents: SecretManagerContents = {};
  for (const [name, entry] of Object.entries(catalog.secrets)) contents[`${prefix}${name}`] = { ...entry };
  for (const service of databaseServices) {
    contents[`${prefix}${service}-creds`] = {
      properties: catalog.databaseCredentialProperties,
      creator: 'terraform',
    };
  }
  // The operator stores each login provider's client secret (docs/plugins/aws.md, "Secrets and databases").
  for (const provider of input.gen3.loginProviders as Array<{ clientSecretRef: string }>) {
    contents[provider.clientSecretRef] = { properties: ['client_secret'], creator: 'operator' };
  }
  return contents;
}

function expectedCreator(input: Record<string, any>) {
  const prefix = `${input.outputs.cluster_name}-${input.commons}-`;
  return (remoteKey: string): string => {
    const name = remoteKey.startsWith(prefix) ? remoteKey.slice(prefix.length) : remoteKey;
    const entry = catalog.secrets[name];
    if (entry) return `${entry.creator} (commons-secrets.json)`;
    const service = name.replace(/-creds$/, '');
    if (name.endsWith('-creds') && DATABASE_SERVICES.includes(service)) {
      return `terraform: add ${service} to the plugin input databaseServices`;
    }
    return 'nobody yet: decide in docs/adr/0027-commons-secrets-and-databases.md';
  };
}

function missingFor(rendered: Rendered, databaseServices = DEFAULT_DATABASE_SERVICES): string[] {
  return findMissingSecretCreators({
    chartsDir,
    enabled: rendered.input.gen3.services,
    values: rendered.values,
    secretDocuments: rendered.secretDocuments,
    secretManager: awsSecretManager(rendered.input, databaseServices),
    switchedOff: SWITCHED_OFF,
    expectedCreator: expectedCreator(rendered.input),
  }).map((m) => `${m.chart}: Secret ${m.secret}${m.key ? ` key ${m.key}` : ''} (${m.source}): ${m.problem}`);
}

describe('every Secret an enabled service mounts has a creator', () => {
  it('the AWS fixture: chart, Terraform, bootstrap or operator creates every mounted Secret and key', () => {
    expect(missingFor(render(loadFixture('aws')))).toEqual([]);
  });

  it('the sim fixture (the simulated secret manager holds the same design, simulatedSecretManager.test.ts)', () => {
    // It enables gen3-user-data-library, outside the plugins' own default databaseServices: CSOC derives the
    // input from the enabled charts (databaseServices.ts), so its credential is created too.
    const rendered = render(loadFixture('sim'));
    expect(databaseServicesOf(rendered.input.gen3.services)).toContain('gen3-user-data-library');
    expect(missingFor(rendered, databaseServicesOf(rendered.input.gen3.services))).toEqual([]);
    // With the plugins' own default list it would not be.
    expect(missingFor(rendered)).toContain(
      'gen3-user-data-library: Secret gen3-user-data-library-dbcreds key host (templates/deployment.yaml:63): ' +
        'nothing creates secret-manager entry sim-cluster-1-sandbox-gen3-user-data-library-creds: it should be ' +
        'created by terraform: add gen3-user-data-library to the plugin input databaseServices',
    );
  });

  it('knows which database charts the plugins cannot create a database for yet', () => {
    const databaseCharts = Object.entries(listGen3Charts())
      .filter(([, chart]) => chart.database)
      .map(([name]) => name);
    // Not default-enabled by any release; enabling one leaves its credential missing (the deploy says so).
    expect(databaseCharts.filter((chart) => !DATABASE_SERVICES.includes(chart)).sort()).toEqual([
      'embedding-management-service',
      'funnel',
      'gen3-analysis',
      'gen3-embeddings',
      'ohdsi-webapi',
    ]);
  });

  it('every pinned service on (AWS, every database service the plugin offers)', () => {
    const input = everyPinnedServiceInput();
    const all = DATABASE_SERVICES;
    expect(missingFor(render(input), all)).toEqual([]);
  });

  it('names the Secret, the key and who should create it when a creator is missing', () => {
    const rendered = render(loadFixture('aws'));
    const withoutIndexd = DEFAULT_DATABASE_SERVICES.filter((service) => service !== 'indexd');
    expect(missingFor(rendered, withoutIndexd)).toContain(
      'indexd: Secret indexd-dbcreds key host (templates/deployment.yaml:59): nothing creates secret-manager entry ' +
        'c1-brain-indexd-creds: it should be created by terraform: add indexd to the plugin input databaseServices',
    );
  });

  it('reads every remote key under <environment>-<namespace>-, the only names the External Secrets role may read', () => {
    for (const input of [loadFixture('aws'), loadFixture('sim')]) {
      const prefix = `${input.outputs.cluster_name}-${input.commons}-`;
      const outside = render(input)
        .secretDocuments.filter((doc) => doc.kind === 'ExternalSecret')
        .flatMap((doc) => {
          const spec = doc.spec as {
            data?: Array<{ remoteRef: { key: string } }>;
            dataFrom?: Array<{ extract: { key: string } }>;
          };
          return [
            ...(spec.data ?? []).map((d) => d.remoteRef.key),
            ...(spec.dataFrom ?? []).map((d) => d.extract.key),
          ];
        })
        .filter((key) => !key.startsWith(prefix));
      expect([...new Set(outside)], `${input.cloud}: remote keys outside ${prefix}`).toEqual([]);
    }
  });

  it('each switched-off condition is really off in the chart defaults the renderer keeps', () => {
    const chartDefaults = (chart: string) =>
      parseYaml(readFileSync(join(chartsDir, chart, 'values.yaml'), 'utf8'));
    expect(chartDefaults('audit').auditServiceExport.enabled).toBe(false);
    expect(chartDefaults('hatchery').workspaceLaunchTest.enabled).toBe(false);
    expect(chartDefaults('manifestservice').manifestserviceG3auto.awsaccesskey ?? '').toBe('');
    const values = render(loadFixture('aws')).values as Record<string, any>;
    expect(values.audit.auditServiceExport).toBeUndefined();
    expect(values.global.aws.useLocalSecret).toBeUndefined();
  });
});
