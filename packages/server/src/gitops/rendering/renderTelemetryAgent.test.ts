// The commons' telemetry agent as the deploy renders it: an alloy source of the commons Application that
// exports to CSOC's /otlp with the credential mounted from the ExternalSecret, and nothing when no
// telemetry endpoint is given. Bad endpoints and chart versions are refused naming the field.
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.ts';
import { GOLDEN_FIXTURES, loadFixture } from './gitopsTestFixtures.ts';
import { renderCommonsGitOps } from './renderCommonsGitOps.ts';
import { TELEMETRY_INGEST_SECRET } from './renderTelemetryAgent.ts';

type Tree = Record<string, any>;

function render(input: Tree) {
  const files = renderCommonsGitOps(input).files;
  const docs = (name: 'app.yaml' | 'secrets.yaml') =>
    parseAllDocuments(files[name]).map((doc) => doc.toJS() as Tree);
  const app = docs('app.yaml').find((doc) => doc.metadata.name === `gen3-${input.commons}`)!;
  const agent = (app.spec.sources as Tree[]).find((source) => source.chart === 'alloy');
  const externalSecret = docs('secrets.yaml').find((doc) => doc.metadata.name === TELEMETRY_INGEST_SECRET);
  return { files, app, agent, externalSecret };
}

function fieldErrors(input: Tree): Array<{ field: string; message: string }> {
  try {
    renderCommonsGitOps(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).details as Array<{ field: string; message: string }>;
  }
  throw new Error('expected an InputError');
}

describe('the telemetry agent of a commons', () => {
  it.each(GOLDEN_FIXTURES)(
    '%s: Alloy exports to CSOC with the credential the ExternalSecret copies in',
    (fixture) => {
      const input = loadFixture(fixture);
      const { app, agent, externalSecret } = render(input);
      expect(agent).toMatchObject({
        repoURL: 'https://helm.gen3.org',
        chart: 'alloy',
        targetRevision: '0.1.3',
        helm: { releaseName: `alloy-${input.commons}` },
      });
      // In the commons' namespace, where the ExternalSecret writes the Secret the agent mounts.
      expect(app.spec.destination.namespace).toBe(externalSecret!.metadata.namespace);
      const values = agent!.helm.valuesObject.alloy;
      const config: string = values.alloyConfigmapData;
      expect(config).toContain(`endpoint    = "${input.telemetry.endpoint}"`);
      expect(config).toContain('auth        = otelcol.auth.bearer.csoc.handler');
      expect(config).toContain('token = local.file.csoc_ingest_token.content');
      expect(config).toContain('filename  = "/etc/csoc-telemetry/token"');
      expect(config).toContain(`names = ["${input.commons}"]`);
      expect(values.controller.volumes.extra).toEqual([
        { name: TELEMETRY_INGEST_SECRET, secret: { secretName: TELEMETRY_INGEST_SECRET } },
      ]);
      expect(values.alloy.mounts.extra).toEqual([
        { name: TELEMETRY_INGEST_SECRET, mountPath: '/etc/csoc-telemetry', readOnly: true },
      ]);
      // The chart's default pins the pod to us-east-1a: removed, whatever the cloud.
      expect(values.controller.affinity).toEqual({ nodeAffinity: null });
      // The Secret's key `token` is the file name the config reads; the remote entry is under the commons prefix.
      const environment = input.outputs.cluster_name;
      expect(externalSecret!.spec.target.name).toBe(TELEMETRY_INGEST_SECRET);
      expect(externalSecret!.spec.data).toEqual([
        {
          secretKey: 'token',
          remoteRef: { key: `${environment}-${input.commons}-csoc-telemetry-ingest`, property: 'token' },
        },
      ]);
      expect(externalSecret!.spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: 'gen3-secret-store' });
    },
  );

  it('renders no agent and no ExternalSecret for it when the input names no telemetry endpoint', () => {
    const input = loadFixture('aws');
    delete input.telemetry;
    const { files, agent, externalSecret } = render(input);
    expect(agent).toBeUndefined();
    expect(externalSecret).toBeUndefined();
    expect(files['app.yaml']).not.toContain('alloy');
  });

  it('refuses an endpoint with credentials, plain http outside the simulator, or not ending in /otlp', () => {
    const cases: Array<[string, string]> = [
      ['https://user:pw@csoc.example.org/otlp', 'must not carry credentials'],
      ['https://csoc.example.org/otlp?token=x', 'must not carry credentials'],
      ['http://csoc.example.org/otlp', 'http:// only for the simulator'],
      ['https://csoc.example.org/api', 'must end with /otlp'],
      ['not a url', "must be CSOC's OTLP URL"],
    ];
    for (const [endpoint, message] of cases) {
      const input = loadFixture('aws');
      input.telemetry.endpoint = endpoint;
      expect(fieldErrors(input), endpoint).toContainEqual({
        field: 'telemetry.endpoint',
        message: expect.stringContaining(message),
      });
      // A refusal never repeats what was in the URL.
      expect(JSON.stringify(fieldErrors(input))).not.toContain('pw@');
    }
    const sim = loadFixture('sim');
    sim.telemetry.endpoint = 'http://127.0.0.1:8080/otlp/';
    expect(render(sim).agent!.helm.valuesObject.alloy.alloyConfigmapData).toContain(
      'endpoint    = "http://127.0.0.1:8080/otlp"',
    );
  });

  it('refuses an alloy chart version other than the one the release pins', () => {
    const input = loadFixture('aws');
    input.telemetry.alloyChartVersion = '0.1.2';
    expect(fieldErrors(input)).toContainEqual({
      field: 'telemetry.alloyChartVersion',
      message: expect.stringMatching(/must be 0\.1\.3, the alloy chart version Gen3 release/),
    });
    input.telemetry.alloyChartVersion = 'latest';
    expect(fieldErrors(input)).toContainEqual({
      field: 'telemetry.alloyChartVersion',
      message: expect.stringContaining('deploys alloy 0.1.3'),
    });
  });

  it('refuses a token given in the telemetry settings (the schema has no place for one)', () => {
    const input = loadFixture('aws');
    input.telemetry.token = 'csoc_otlp_canary';
    const details = fieldErrors(input);
    expect(details.some((detail) => detail.field.startsWith('telemetry'))).toBe(true);
    expect(JSON.stringify(details)).not.toContain('csoc_otlp_canary');
  });
});
