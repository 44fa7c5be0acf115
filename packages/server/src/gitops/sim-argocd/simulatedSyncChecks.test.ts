// The simulated helm.gen3.org publishes exactly what gen3-helm's chart index does, so the chart versions every
// release deploys pass and any other one is refused with Argo CD's message; and what the Gen3 application
// asks of the cluster and the cloud is read from its rendered files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { releaseCatalog } from '../releases/releaseCatalog.ts';
import { locateSharedDir } from '../releases/readReleaseCatalogSources.ts';
import published from './publishedHelmCharts.json' with { type: 'json' };
import { gen3Requirements, inventoryProblems, unpublishedChartProblem } from './simulatedSyncChecks.ts';

const HELM = 'https://helm.gen3.org';

describe('the simulated helm.gen3.org', () => {
  it('publishes the versions of gen3-helm’s chart index, no more, no less', () => {
    const index = JSON.parse(
      readFileSync(join(locateSharedDir(), 'gen3-helm', 'chart-index.json'), 'utf8'),
    ) as {
      charts: Record<string, Array<{ version: string }>>;
    };
    const versions = Object.fromEntries(
      Object.entries(index.charts).map(([chart, entries]) => [
        chart,
        [...new Set(entries.map((entry) => entry.version))].sort(),
      ]),
    );
    expect(published.charts).toEqual(versions);
  });

  it('serves the charts every release deploys and refuses one never published, in Argo CD’s words', () => {
    for (const release of releaseCatalog.releases) {
      const { gen3 } = release.chartVersions;
      expect(unpublishedChartProblem({ repoURL: HELM, chart: 'gen3', targetRevision: gen3 }, '2 of 3')).toBe(
        undefined,
      );
    }
    expect(
      unpublishedChartProblem({ repoURL: HELM, chart: 'gen3', targetRevision: '0.2.70' }, '2 of 3'),
    ).toMatch(
      /source 2 of 3: .*chart "gen3" version "0.2.70" not found in https:\/\/helm.gen3.org repository/,
    );
    // Other chart repositories are not simulated.
    expect(
      unpublishedChartProblem(
        { repoURL: 'https://charts.external-secrets.io', chart: 'external-secrets', targetRevision: '0.0.0' },
        '1 of 2',
      ),
    ).toBeUndefined();
  });
});

describe('what a Gen3 application asks of the cluster and the cloud', () => {
  const secrets = `
apiVersion: v1
kind: ServiceAccount
metadata: { name: secret-store-sa, annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::1:role/eso" } }
---
apiVersion: external-secrets.io/v1
kind: SecretStore
metadata: { name: gen3-secret-store }
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: fence-jwt-keys }
spec: { data: [ { secretKey: k, remoteRef: { key: c1-brain-fence-jwt-keys, property: k } } ] }
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: indexd-service-creds }
spec: { dataFrom: [ { extract: { key: c1-brain-indexd-service-creds } } ] }
`;
  const values = `
fence: { enabled: true, serviceAccount: { annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::1:role/fence" } } }
hatchery: { enabled: false, serviceAccount: { annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::1:role/hatchery" } } }
`;

  it('reads custom kinds, secret-manager keys and roles of enabled charts', () => {
    const requirements = gen3Requirements(values, secrets);
    expect([...requirements.customKinds.keys()].sort()).toEqual([
      'external-secrets.io/ExternalSecret',
      'external-secrets.io/SecretStore',
    ]);
    expect(requirements.remoteKeys.map((entry) => entry.key)).toEqual([
      'c1-brain-fence-jwt-keys',
      'c1-brain-indexd-service-creds',
    ]);
    expect(requirements.roles.map((entry) => entry.arn)).toEqual([
      'arn:aws:iam::1:role/eso',
      'arn:aws:iam::1:role/fence',
    ]);
  });

  it('names each thing the plugin did not create, and warns about what it does not report', () => {
    const requirements = gen3Requirements(values, secrets);
    expect(
      inventoryProblems(
        requirements,
        {
          namespace: 'brain',
          secretManagerKeys: ['c1-brain-fence-jwt-keys', 'c1-brain-indexd-service-creds'],
          roleArns: ['arn:aws:iam::1:role/eso', 'arn:aws:iam::1:role/fence'],
        },
        'brain',
      ),
    ).toEqual({ problems: [], warnings: [] });
    const { problems } = inventoryProblems(
      requirements,
      {
        namespace: 'gen3',
        secretManagerKeys: ['c1-brain-fence-jwt-keys'],
        roleArns: ['arn:aws:iam::1:role/eso'],
      },
      'brain',
    );
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/namespace "gen3", but the application deploys to "brain"/);
    expect(problems[1]).toMatch(/brain\/indexd-service-creds reads "c1-brain-indexd-service-creds"/);
    expect(problems[2]).toMatch(
      /fence service account names role arn:aws:iam::1:role\/fence, which the IaC plugin did not create/,
    );
    expect(inventoryProblems(requirements, {}, 'brain').warnings).toEqual([
      'the sim plugin reports no namespace output',
      'the sim plugin reports no secret_manager_keys output',
      'the sim plugin reports no role_arns output',
    ]);
  });
});
