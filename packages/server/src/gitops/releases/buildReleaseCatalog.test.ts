// The committed release catalog is exactly what the generator builds from ../shared (so it cannot drift or
// be edited by hand), and the mapping from legacy manifest services to gen3 charts is the expected one.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import semver from 'semver';
import {
  FIRST_GEN3_CHART_WITH_EXTERNAL_SECRETS_V1,
  buildReleaseCatalog,
  type ReleaseCatalogSources,
} from './buildReleaseCatalog.ts';
import { findPublishedChart, parseChartIndex } from './chartIndex.ts';
import { formatReleaseCatalog } from './formatReleaseCatalog.ts';
import { parseReleaseNotes } from './parseReleaseNotes.ts';
import { locateSharedDir, readReleaseCatalogSources } from './readReleaseCatalogSources.ts';
import type { ReleaseCatalog } from './releaseCatalogTypes.ts';

const committedPath = new URL('./releaseCatalog.json', import.meta.url);
const sources = readReleaseCatalogSources(locateSharedDir());
const built = buildReleaseCatalog(sources);
const release = (version: string) => built.releases.find((candidate) => candidate.version === version)!;

describe('buildReleaseCatalog', () => {
  it('rebuilds releaseCatalog.json exactly from ../shared (regenerate with scripts/buildReleaseCatalog.ts)', async () => {
    const committedText = readFileSync(committedPath, 'utf8');
    expect(JSON.parse(committedText) as ReleaseCatalog).toEqual(built);
    expect(committedText).toBe(await formatReleaseCatalog(built));
  });

  it('covers every manifest and every notes file, oldest first', () => {
    const versions = built.releases.map((candidate) => candidate.version);
    expect(versions).toEqual(
      [...new Set([...Object.keys(sources.manifests), ...Object.keys(sources.notes)])].sort(),
    );
    expect(versions).not.toContain('2025.02'); // skipped upstream: neither manifest nor notes
    expect(built.sources.releases.repository).toBe('uc-cdis/cdis-manifest');
    expect(built.sources.charts.repository).toBe('uc-cdis/gen3-helm');
  });

  it('maps legacy manifest services to gen3 charts by image repository', () => {
    expect(built.legacyServices.revproxy).toEqual({ charts: [{ chart: 'revproxy', valuesPath: 'image' }] });
    expect(built.legacyServices.spark).toEqual({ charts: [{ chart: 'etl', valuesPath: 'image.spark' }] });
    expect(built.legacyServices.tube).toEqual({ charts: [{ chart: 'etl', valuesPath: 'image.tube' }] });
    expect(built.legacyServices.wts).toEqual({ charts: [{ chart: 'wts', valuesPath: 'image' }] });
    expect(built.legacyServices.fluentd).toHaveProperty('unmapped');
    const r = release('2025.09');
    expect(r.derived).toBe(false);
    expect(r.images.revproxy!.image).toMatchObject({ repository: 'quay.io/cdis/nginx', tag: '2025.09' });
    expect(r.images.etl).toMatchObject({
      'image.spark': { repository: 'quay.io/cdis/gen3-spark', tag: '2025.09', service: 'spark' },
      'image.tube': { repository: 'quay.io/cdis/tube', tag: '2025.09', service: 'tube' },
    });
    expect(r.images.portal!.image!.repository).toBe('quay.io/cdis/data-portal');
    expect(r.images.ambassador!.image).toMatchObject({
      repository: 'quay.io/datawire/ambassador',
      tag: '1.4.2',
    });
    expect(r.images['aws-es-proxy']!.image!.tag).toBe('v1.3.1');
  });

  it('derives notes-only releases from the latest manifest and says so', () => {
    const r = release('2026.07');
    expect(r.derived).toBe(true);
    expect(r.manifest).toBeUndefined();
    expect(r.derivedReason).toMatch(/no manifest was published for 2026\.07.*2025\.09/);
    expect(r.images.fence!.image).toMatchObject({ tag: '2026.07', source: 'derived' });
    expect(r.images.ambassador!.image).toMatchObject({ tag: '1.4.2', source: 'derived' });
    expect(r.images['aws-es-proxy']!.image!.tag).toBe('v1.3.1');
    expect(r.images.ambassador!.image!.reason).toMatch(/keeps 1\.4\.2/);
    // Same charts as the latest manifest, plus release-tagged charts no manifest lists.
    expect(Object.keys(r.images)).toEqual(expect.arrayContaining(Object.keys(release('2025.09').images)));
  });

  it('pins charts no manifest lists but the release notes cover (audit, metadata), marked derived', () => {
    const audit = release('2025.09').images.audit!.image!;
    expect(audit).toMatchObject({
      repository: 'quay.io/cdis/audit-service',
      tag: '2025.09',
      source: 'derived',
    });
    expect(audit.reason).toMatch(/uc-cdis\/audit-service/);
    expect(release('2025.09').images.metadata!.image!.repository).toBe('quay.io/cdis/metadata-service');
  });

  it('keeps the deployment and breaking changes of the notes', () => {
    const r = release('2025.07');
    expect(r.breakingChanges).toEqual([
      expect.objectContaining({
        component: 'uc-cdis/audit-service',
        text: expect.stringMatching(/DB_DRIVER/),
      }),
    ]);
    expect(r.deploymentChanges.map((item) => item.component)).toEqual([
      'uc-cdis/gen3-user-data-library',
      'uc-cdis/gen3-user-data-library',
      'uc-cdis/tube',
      'uc-cdis/tube',
    ]);
    expect(release('2024.09').highlights[0]!.title).toBe('Required database migration to update Fence');
  });

  it('warns where the source data is odd', () => {
    expect(release('2024.02').warnings).toContain('no release notes were published for 2024.02');
    expect(release('2024.05').warnings.join(' ')).toMatch(/pins 2024\.02 images/);
  });

  it('pins every release to published gen3 and cluster-level-resources charts, the ones its chart data is', () => {
    const index = parseChartIndex(sources.chartIndex);
    const committed = JSON.parse(readFileSync(committedPath, 'utf8')) as ReleaseCatalog;
    expect(committed.sources.charts.chartVersions).toEqual({
      gen3: '0.3.90',
      'cluster-level-resources': '0.6.49',
      alloy: '0.1.3',
    });
    for (const candidate of committed.releases) {
      for (const [chart, version] of Object.entries(candidate.chartVersions)) {
        expect(
          findPublishedChart(index, chart, version),
          `${candidate.version}: ${chart} ${version}`,
        ).toBeDefined();
      }
      // The key check and the catalog's chart facts read the chart data of sources.charts: the same version.
      expect(candidate.chartVersions, candidate.version).toEqual(committed.sources.charts.chartVersions);
      expect(semver.gte(candidate.chartVersions.gen3, FIRST_GEN3_CHART_WITH_EXTERNAL_SECRETS_V1)).toBe(true);
    }
    // The versions pinned before issue 13 were never published.
    expect(findPublishedChart(index, 'gen3', '0.2.70')).toBeUndefined();
    expect(findPublishedChart(index, 'cluster-level-resources', '0.7.4')).toBeUndefined();
  });

  it('pins job and sidecar images from the manifest (indexs3client, pelican-export, gen3fuse-sidecar)', () => {
    const r = release('2025.09');
    expect(r.jobImages).toMatchObject({
      indexs3client: { repository: 'quay.io/cdis/indexs3client', tag: '2025.09', source: 'manifest' },
      'pelican-export': { repository: 'quay.io/cdis/pelican-export', tag: '2025.09', source: 'manifest' },
      'gen3fuse-sidecar': { repository: 'quay.io/cdis/gen3fuse-sidecar', tag: '2025.09', source: 'manifest' },
      awshelper: { tag: '2025.09', source: 'derived' },
    });
    // 2024.03's manifest keeps the 2024.02 indexing job: the catalog follows the manifest.
    expect(release('2024.03').jobImages.indexs3client!.tag).toBe('2024.02');
    expect(release('2026.07').jobImages.indexs3client).toMatchObject({ tag: '2026.07', source: 'derived' });
    expect(built.charts.sower!.sowerConfig!.length).toBeGreaterThan(0);
  });

  it('refuses chart data that is not the newest published gen3 chart', () => {
    const index = JSON.parse(sources.chartIndex) as {
      charts: Record<string, Array<{ dependencies?: unknown[] }>>;
    };
    index.charts.gen3![0]!.dependencies = [{ name: 'fence', version: '0.1.0' }];
    expect(() => buildReleaseCatalog({ ...sources, chartIndex: JSON.stringify(index) })).toThrow(
      /chart data and chart-index\.json are from different gen3-helm commits/,
    );
  });

  it('refuses a manifest service it cannot place, naming it and the fix', () => {
    const changed: ReleaseCatalogSources = structuredClone(sources);
    const manifest = JSON.parse(changed.manifests['2025.09']!);
    manifest.versions.newsvc = 'quay.io/cdis/newsvc:2025.09';
    changed.manifests['2025.09'] = JSON.stringify(manifest);
    expect(() => buildReleaseCatalog(changed)).toThrow(/versions\.newsvc.*UNMAPPED_SERVICES/);
  });
});

describe('parseReleaseNotes', () => {
  it('joins continuation lines and keeps only deployment/breaking items per component', () => {
    const parsed = parseReleaseNotes(
      [
        '# Core Gen3 Release 2099.01 (Test)',
        '## Release Highlights and Announcements',
        '#### Big news',
        'Read this.',
        '## uc-cdis/fence',
        '#### Bug Fixes',
        '  - not collected',
        '#### Deployment Changes',
        '  - run the migration',
        '    before starting fence',
        '  - second item',
        '## uc-cdis/indexd',
        '#### Breaking Changes',
        '  - new config key',
      ].join('\n'),
    );
    expect(parsed.title).toBe('Core Gen3 Release 2099.01 (Test)');
    expect(parsed.components).toEqual(['uc-cdis/fence', 'uc-cdis/indexd']);
    expect(parsed.highlights).toEqual([{ title: 'Big news', text: 'Read this.' }]);
    expect(parsed.deploymentChanges).toEqual([
      { component: 'uc-cdis/fence', text: 'run the migration before starting fence' },
      { component: 'uc-cdis/fence', text: 'second item' },
    ]);
    expect(parsed.breakingChanges).toEqual([{ component: 'uc-cdis/indexd', text: 'new config key' }]);
  });
});

describe('locateSharedDir', () => {
  const previous = process.env.CSOC_SHARED_DIR;
  afterEach(() => {
    if (previous === undefined) delete process.env.CSOC_SHARED_DIR;
    else process.env.CSOC_SHARED_DIR = previous;
  });

  it('fails with what is missing and how to provide it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'csoc-shared-'));
    try {
      process.env.CSOC_SHARED_DIR = empty;
      expect(() => locateSharedDir()).toThrow(/gen3-releases does not exist.*CI clones the shared data/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
