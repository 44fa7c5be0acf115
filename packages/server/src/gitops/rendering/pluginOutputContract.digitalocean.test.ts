// The output contract of the digitalocean plugin: its declared outputs — names parsed from the plugin's own
// terraform/outputs.tf, so a renamed output breaks this test — with values in the shape `terraform output
// -json` gives (the plugin's placeholders: an apply needs the provider, which cannot be installed here) go
// through the plugin's mapping (pluginOutputMappings) and the renderer with zero errors. Also proves the
// secret seam of ADR 0057: every remote key the renderer's ExternalSecrets read for a database is a Secret
// the plugin writes, with the keys the renderer expects.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { generatedSecrets, placeholderOutputs, toGen3RenderOutputs } from '@csoc/plugin-digitalocean';
import { InputError } from '../../errors.ts';
import { loadFixture } from './gitopsTestFixtures.ts';
import { DBCREDS_KEYS } from './gitopsRenderContext.ts';
import { findPluginOutputMapping } from './pluginOutputMappings.ts';
import { renderCommonsGitOps } from './renderCommonsGitOps.ts';
import { toRenderInput } from './toRenderInput.ts';

const pluginDir = fileURLToPath(new URL('../../../../../plugins/digitalocean/', import.meta.url));
const terraformSource = (name: string) => readFileSync(join(pluginDir, 'terraform', name), 'utf8');
const COMMONS = 'brain';
const ENVIRONMENT = 'gen3-prod';
const GITOPS_REPO = 'https://git.csoc.example.org/acme/gitops.git';

/** `terraform output -json`: name -> { value, type, sensitive }. */
type TerraformOutputJson = Record<string, { value: unknown; sensitive: boolean }>;

/** The outputs of an apply for commons "brain", keyed by the names outputs.tf declares. */
function appliedOutputs(): Record<string, unknown> {
  const declared = [...terraformSource('outputs.tf').matchAll(/^output "([a-z0-9_]+)"/gm)].map((m) => m[1]!);
  const values = placeholderOutputs({
    environment: ENVIRONMENT,
    region: 'ams3',
    namespace: COMMONS,
    sizeTier: 'large',
    clusterIssuer: 'letsencrypt-prod',
  });
  const json: TerraformOutputJson = {};
  for (const name of declared) {
    if (!(name in values)) throw new Error(`outputs.tf declares ${name}, which placeholderOutputs lacks`);
    json[name] = { value: values[name], sensitive: false };
  }
  // What the plugin SDK puts in the outputs event: the values of the outputs that are not sensitive.
  return Object.fromEntries(
    Object.entries(json)
      .filter(([, output]) => !output.sensitive)
      .map(([name, output]) => [name, output.value]),
  );
}

function renderFor(outputs: Record<string, unknown>) {
  return renderCommonsGitOps(
    toRenderInput(
      {
        org: 'acme',
        name: COMMONS,
        spec: {
          environment: 'prod',
          plugin: { name: 'digitalocean' },
          account: 'do-prod',
          inputs: {},
          gen3: {
            release: '2025.09',
            hostname: 'data.example.org',
            dictionaryUrl: 'https://s3.amazonaws.com/dictionary-artifacts/datadictionary/develop/schema.json',
            userYamlSource: 'https://config.example.org/brain/user.yaml',
            services: [
              'arborist',
              'audit',
              'etl',
              'fence',
              'guppy',
              'indexd',
              'metadata',
              'peregrine',
              'portal',
              'revproxy',
              'sheepdog',
              'wts',
            ],
          },
        } as never,
        infraStatus: 'provisioned',
        outputs,
      },
      GITOPS_REPO,
    ),
  );
}

function fieldErrors(render: () => unknown): Array<{ field: string; message: string }> {
  try {
    render();
  } catch (error) {
    if (error instanceof InputError) return error.details as Array<{ field: string; message: string }>;
    throw error;
  }
  return [];
}

describe('digitalocean plugin outputs -> renderer', () => {
  const outputs = appliedOutputs();

  it('is registered for the digitalocean cloud', () => {
    expect(findPluginOutputMapping('digitalocean')?.cloud).toBe('digitalocean');
  });

  it('renders the mapped outputs with zero errors', () => {
    expect(fieldErrors(() => renderFor(outputs))).toEqual([]);
    const rendered = renderFor(outputs);
    const values = parseYaml(rendered.files['values.yaml']);
    expect(values.global.postgres.master.host).toBe(outputs.postgres_host);
    // Elasticsearch 7 in the commons namespace over plain HTTP, as tube, guppy and metadata expect it.
    expect(values.etl.esEndpoint).toBe(`gen3-elasticsearch-master.${COMMONS}.svc.cluster.local`);
    expect(values.guppy.esEndpoint).toBe(`gen3-elasticsearch-master.${COMMONS}.svc.cluster.local:9200`);
    expect(values.metadata.esEndpoint).toBe(
      `http://gen3-elasticsearch-master.${COMMONS}.svc.cluster.local:9200`,
    );
    expect(values['aws-es-proxy']?.enabled ?? false).toBe(false);
    expect(values.global.dataUploadBucket).toBe(outputs.data_bucket_name);
  });

  it('wires the SecretStore to the kubernetes provider reading the namespace the plugin writes to', () => {
    const documents = parseAllDocuments(renderFor(outputs).files['secrets.yaml']).map((doc) => doc.toJS());
    const store = documents.find((doc) => doc?.kind === 'SecretStore');
    expect(store.spec.provider.kubernetes.remoteNamespace).toBe(outputs.secrets_namespace);
    expect(store.spec.provider.kubernetes.auth.serviceAccount.name).toBe('secret-store-sa');
    expect(store.metadata.namespace).toBe(COMMONS);
  });

  it('reads every database credential from a Secret the plugin writes, with the keys it writes', () => {
    const documents = parseAllDocuments(renderFor(outputs).files['secrets.yaml']).map((doc) => doc.toJS());
    const dbcreds = documents.filter(
      (doc) => doc?.kind === 'ExternalSecret' && doc.metadata.name.endsWith('-dbcreds'),
    );
    expect(dbcreds.length).toBeGreaterThan(5);
    const written = outputs.cluster_secret_names as string[];
    for (const externalSecret of dbcreds) {
      for (const item of externalSecret.spec.data) expect(written).toContain(item.remoteRef.key);
    }
    // terraform/secrets.tf writes exactly the keys the renderer's dbcreds read.
    const block = /"\$\{local\.secret_prefix\}-\$\{service\}-creds" => \{([^}]*)\}/.exec(
      terraformSource('secrets.tf'),
    )![1]!;
    const keys = [...block.matchAll(/^\s*([a-z_]+)\s*=/gm)].map((m) => m[1]).sort();
    expect(keys).toEqual([...DBCREDS_KEYS].sort());
  });

  it('has a creator for every secret the rendered ExternalSecrets read: the plugin writes each key they name', () => {
    const documents = parseAllDocuments(renderFor(outputs).files['secrets.yaml']).map((doc) => doc.toJS());
    const prefix = `${ENVIRONMENT}-${COMMONS}`;
    const databases = Object.fromEntries(
      Object.keys(outputs.database_names as Record<string, string>).map((service) => [
        service,
        { host: 'h', port: '25060', database: service, username: service, password: 'p' },
      ]),
    );
    // What the write step produces: the managed Secrets (keys from secrets.tf) and the generated ones.
    const written = new Map<string, string[]>();
    for (const name of outputs.cluster_secret_names as string[])
      written.set(name, name.endsWith('-creds') && !name.endsWith('-spaces-creds') ? [...DBCREDS_KEYS] : []);
    for (const [name, data] of Object.entries(
      generatedSecrets({ prefix, hostname: 'data.example.org', manifestBucket: 'm', databases }),
    ))
      written.set(name, Object.keys(data));
    const missing: string[] = [];
    let checked = 0;
    for (const externalSecret of documents.filter((doc) => doc?.kind === 'ExternalSecret')) {
      for (const item of externalSecret.spec.data ?? []) {
        checked += 1;
        const keys = written.get(item.remoteRef.key);
        if (!keys || (item.remoteRef.property && !keys.includes(item.remoteRef.property)))
          missing.push(`${item.remoteRef.key}/${item.remoteRef.property ?? '*'}`);
      }
      for (const from of externalSecret.spec.dataFrom ?? [])
        if (!written.has(from.extract.key)) missing.push(`${from.extract.key}/*`);
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(15);
  });

  it('reports a missing required output naming the field', () => {
    const { postgres_host: _dropped, ...withoutHost } = outputs;
    const errors = fieldErrors(() => renderFor(withoutHost));
    expect(errors.map((error) => error.field)).toContain('outputs.postgres_host');
    const { search_endpoint: _search, ...withoutSearch } = outputs;
    expect(fieldErrors(() => renderFor(withoutSearch)).map((error) => error.field)).toContain(
      'outputs.es_endpoint',
    );
  });

  it('unmapped outputs (as outputs.tf names them) fail the renderer with field errors', () => {
    const errors = fieldErrors(() =>
      renderCommonsGitOps({
        ...(toRenderInput(
          {
            org: 'acme',
            name: COMMONS,
            spec: {
              environment: 'prod',
              plugin: { name: 'digitalocean' },
              account: 'a',
              inputs: {},
              gen3: {
                release: '2025.09',
                hostname: 'data.example.org',
                dictionaryUrl: 'https://example.org/schema.json',
                userYamlSource: 'https://config.example.org/user.yaml',
              },
            } as never,
            infraStatus: 'provisioned',
            outputs,
          },
          GITOPS_REPO,
        ) as Record<string, unknown>),
        outputs,
      }),
    );
    expect(errors.map((error) => error.field)).toContain('outputs.es_endpoint');
  });

  it('the golden fixture (testdata/digitalocean.json) holds what the mapping makes of a real set of plugin outputs', () => {
    const fixture = loadFixture('digitalocean');
    const pluginOutputs = {
      ...placeholderOutputs({
        environment: 'gen3-prod',
        region: 'ams3',
        namespace: fixture.commons,
        clusterIssuer: 'letsencrypt-prod',
      }),
      cluster_endpoint: fixture.outputs.cluster_endpoint,
      postgres_host: fixture.outputs.postgres_host,
    };
    expect(toGen3RenderOutputs(pluginOutputs, { namespace: fixture.commons })).toEqual(fixture.outputs);
  });
});
