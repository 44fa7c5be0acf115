// gen3-helm's chart index (the gh-pages index.yaml behind https://helm.gen3.org, as ../shared/gen3-helm/
// chart-index.json): which chart versions were ever published, and the dependencies of each umbrella version.
// A chart version CSOC deploys must be one of these, or Argo CD cannot fetch it.
import semver from 'semver';

export interface PublishedChartVersion {
  version: string;
  created: string;
  appVersion?: string;
  dependencies?: Array<{ name: string; version: string; condition?: string }>;
}

export interface ChartIndex {
  source: string;
  charts: Record<string, PublishedChartVersion[]>;
}

/** Parses chart-index.json; throws naming the file when it is not the expected shape. */
export function parseChartIndex(text: string): ChartIndex {
  const parsed = JSON.parse(text) as Partial<ChartIndex>;
  if (typeof parsed !== 'object' || parsed === null || typeof parsed.charts !== 'object') {
    throw new Error('gen3-helm/chart-index.json has no "charts" map');
  }
  return parsed as ChartIndex;
}

/** The published entry of `chart` at `version`, or undefined when that version was never published. */
export function findPublishedChart(
  index: ChartIndex,
  chart: string,
  version: string,
): PublishedChartVersion | undefined {
  return (index.charts[chart] ?? []).find((entry) => entry.version === version);
}

/** The newest published (non-prerelease) version of `chart`; throws when the index has none. */
export function newestPublishedChart(index: ChartIndex, chart: string): PublishedChartVersion {
  const entries = (index.charts[chart] ?? []).filter(
    (entry) => semver.valid(entry.version) && !semver.prerelease(entry.version),
  );
  if (entries.length === 0) throw new Error(`gen3-helm/chart-index.json publishes no version of ${chart}`);
  return entries.reduce((newest, entry) => (semver.gt(entry.version, newest.version) ? entry : newest));
}
