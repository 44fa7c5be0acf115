// The simulator starts a commons' agent only from what the deploy rendered: these are the golden sim files.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRenderedCsocAgent, readRenderedWorkloads } from './readRenderedCsocAgent.ts';

const golden = (file: string) =>
  fs.readFileSync(path.join(import.meta.dirname, '../../gitops/rendering/golden/sim', file), 'utf8');

describe('reading the rendered csoc-agent of a simulated commons', () => {
  it('finds CSOC_URL, the namespace and the join token entry in agent.yaml and secrets.yaml', () => {
    expect(readRenderedCsocAgent(golden('agent.yaml'), golden('secrets.yaml'))).toEqual({
      csocUrl: 'http://127.0.0.1:8080',
      namespace: 'sandbox',
      remoteKey: 'sim-cluster-1-sandbox-csoc-agent-join-token',
      property: 'token',
    });
  });

  it('says why no agent can run when a part is missing', () => {
    expect(readRenderedCsocAgent('', golden('secrets.yaml'))).toEqual({
      problem: 'agent.yaml renders no csoc-agent Deployment',
    });
    expect(readRenderedCsocAgent(golden('agent.yaml'), '')).toEqual({
      problem: expect.stringContaining('no ExternalSecret csoc-agent-join-token'),
    });
    const noUrl = golden('agent.yaml').replace(/ *- name: CSOC_URL\n *value: \S+\n/, '');
    expect(readRenderedCsocAgent(noUrl, golden('secrets.yaml'))).toEqual({
      problem: expect.stringContaining('no CSOC_URL'),
    });
  });

  it('seeds the enabled services with their images and replicas from values.yaml', () => {
    const seeds = readRenderedWorkloads(golden('values.yaml'));
    expect(seeds).toContainEqual({
      service: 'arborist',
      image: 'quay.io/cdis/arborist:2025.08',
      replicas: 1,
      kind: 'Deployment',
    });
    expect(seeds.map((seed) => seed.service)).not.toContain('access-backend');
    expect(
      readRenderedWorkloads(
        'fence:\n  replicaCount: 3\n  image:\n    repository: quay.io/cdis/fence\n    tag: "2025.06"\n',
      ),
    ).toEqual([{ service: 'fence', image: 'quay.io/cdis/fence:2025.06', replicas: 3, kind: 'Deployment' }]);
  });
});
