// Builds the Gen3 release catalog from the reference data in ../shared (gen3-releases + gen3-helm). Pure:
// the caller reads the files (readReleaseCatalogSources.ts). Run by scripts/buildReleaseCatalog.ts and by the
// test that proves the committed releaseCatalog.json is exactly what this produces.
import semver from 'semver';
import { parse as parseYaml } from 'yaml';
import { newestPublishedChart, parseChartIndex } from './chartIndex.ts';
import { parseReleaseNotes, type ParsedReleaseNotes } from './parseReleaseNotes.ts';
import { JOB_IMAGE_NAMES, type JobImageName } from './releaseCatalogTypes.ts';
import type {
  ChartVersions,
  Gen3ChartInfo,
  Gen3Release,
  LegacyServiceMapping,
  PinnedImage,
  ReleaseCatalog,
} from './releaseCatalogTypes.ts';

/** The raw files the catalog is built from. */
export interface ReleaseCatalogSources {
  /** gen3-releases/README.md (names the upstream repository and commit). */
  releasesReadme: string;
  /** `YYYY.MM` -> text of gen3-releases/manifests/YYYY.MM.json. */
  manifests: Record<string, string>;
  /** `YYYY.MM` -> text of gen3-releases/notes/YYYY.MM.md. */
  notes: Record<string, string>;
  /** gen3-helm/README.md. */
  chartsReadme: string;
  /** gen3-helm/chart-index.json (every published chart version). */
  chartIndex: string;
  /** gen3-helm/gen3/Chart.yaml. */
  gen3ChartYaml: string;
  /** gen3-helm/gen3/values.yaml. */
  gen3ValuesYaml: string;
  /** chart -> text of gen3-helm/<chart>/values.yaml, for every dependency folder present. */
  chartValuesYaml: Record<string, string>;
}

export const RELEASE_CATALOG_GENERATOR =
  'node --import tsx packages/server/scripts/buildReleaseCatalog.ts (reads ../shared/gen3-releases and ../shared/gen3-helm)';

/**
 * Manifest services that pin no gen3 chart image, each with the reason. A service that matches no chart image
 * and is not listed here stops the build: someone must decide where it goes.
 */
export const UNMAPPED_SERVICES: Record<string, string> = {
  fluentd:
    'cluster log shipper (fluent/fluentd-kubernetes-daemonset), not a dependency of the gen3 umbrella chart: ' +
    'gen3-helm deploys it as a cluster add-on through the cluster-level-resources chart',
};

/**
 * Legacy names whose chart is not obvious from the name; the build checks the image-repository match lands
 * here, so a change in gen3-helm cannot silently re-route them.
 */
export const EXPECTED_LEGACY_CHARTS: Record<string, { chart: string; valuesPath: string }> = {
  revproxy: { chart: 'revproxy', valuesPath: 'image' }, // image quay.io/cdis/nginx
  spark: { chart: 'etl', valuesPath: 'image.spark' }, // image quay.io/cdis/gen3-spark
  tube: { chart: 'etl', valuesPath: 'image.tube' },
  portal: { chart: 'portal', valuesPath: 'image' }, // image quay.io/cdis/data-portal
  wts: { chart: 'wts', valuesPath: 'image' }, // image quay.io/cdis/workspace-token-service
};

const RELEASE_VERSION = /^\d{4}\.\d{2}$/;
const CDIS_IMAGE = /^quay\.io\/cdis\/([a-z0-9._-]+)$/;

/**
 * Builds the catalog. Throws (with the file and the fix) when the source data cannot be mapped.
 *
 * @example
 *   const catalog = buildReleaseCatalog(readReleaseCatalogSources(sharedDir));
 */
export function buildReleaseCatalog(sources: ReleaseCatalogSources): ReleaseCatalog {
  const charts = readCharts(sources);
  const chartVersions = readChartVersions(sources);
  const imageIndex = indexChartImages(charts);

  const manifestVersions = Object.keys(sources.manifests).sort();
  const notes = new Map<string, ParsedReleaseNotes>();
  for (const version of Object.keys(sources.notes).sort()) {
    notes.set(version, parseReleaseNotes(sources.notes[version]!));
  }
  for (const version of [...manifestVersions, ...notes.keys()]) {
    if (!RELEASE_VERSION.test(version)) throw new Error(`release file ${version} is not named YYYY.MM`);
  }

  const manifests = new Map<string, Record<string, string>>();
  for (const version of manifestVersions) {
    const parsed = JSON.parse(sources.manifests[version]!) as { versions?: Record<string, string> };
    if (!parsed.versions || typeof parsed.versions !== 'object') {
      throw new Error(`manifests/${version}.json has no "versions" map`);
    }
    manifests.set(version, parsed.versions);
  }

  const legacyServices = mapLegacyServices(manifests, imageIndex);
  const extras = findReleaseTaggedExtras(charts, legacyServices, notes);
  const firstNotes = [...notes.keys()][0];

  const versions = [...new Set([...manifestVersions, ...notes.keys()])].sort();
  const releases: Gen3Release[] = [];
  for (const version of versions) {
    const releaseNotes = notes.get(version);
    const manifest = manifests.get(version);
    const release: Gen3Release = {
      version,
      chartVersions: { ...chartVersions },
      derived: false,
      images: {},
      jobImages: {},
      warnings: [],
      deploymentChanges: releaseNotes?.deploymentChanges ?? [],
      breakingChanges: releaseNotes?.breakingChanges ?? [],
      highlights: releaseNotes?.highlights ?? [],
    };
    if (manifest) release.manifest = `manifests/${version}.json`;
    if (releaseNotes) {
      release.notes = `notes/${version}.md`;
      if (releaseNotes.title) release.title = releaseNotes.title;
    } else {
      release.warnings.push(`no release notes were published for ${version}`);
    }

    let releaseTag: string;
    if (manifest) {
      releaseTag = dominantReleaseTag(manifest, version);
      if (releaseTag !== version) {
        release.warnings.push(
          `the published manifest for ${version} pins ${releaseTag} images, not ${version}; the catalog follows the manifest`,
        );
      }
      for (const service of Object.keys(manifest).sort()) {
        const image = parseImage(manifest[service]!, `manifests/${version}.json versions.${service}`);
        const mapping = legacyServices[service]!;
        if ('unmapped' in mapping) continue;
        for (const { chart, valuesPath } of mapping.charts) {
          setImage(release, chart, valuesPath, { ...image, source: 'manifest', service });
        }
      }
      for (const [name, image] of Object.entries(readJobImages(sources.manifests[version]!, version))) {
        release.jobImages[name as JobImageName] = { ...image, source: 'manifest' };
      }
    } else {
      const base = [...manifests.keys()].filter((v) => v < version).pop();
      if (!base)
        throw new Error(`release ${version} has notes but no earlier manifest to derive images from`);
      const baseManifest = manifests.get(base)!;
      const baseTag = dominantReleaseTag(baseManifest, base);
      releaseTag = version;
      release.derived = true;
      release.derivedReason =
        `no manifest was published for ${version}: images tagged by release in the latest manifest (${base}) ` +
        `take the tag ${version}; images with their own version keep the one in ${base}`;
      for (const service of Object.keys(baseManifest).sort()) {
        const image = parseImage(baseManifest[service]!, `manifests/${base}.json versions.${service}`);
        const mapping = legacyServices[service]!;
        if ('unmapped' in mapping) continue;
        const releaseTagged = image.tag === baseTag;
        const pinned: PinnedImage = releaseTagged
          ? {
              repository: image.repository,
              tag: version,
              source: 'derived',
              service,
              reason: `tagged by release in ${base} (${baseTag}); follows the release tag`,
            }
          : {
              repository: image.repository,
              tag: image.tag,
              source: 'derived',
              service,
              reason: `not tagged by release; keeps ${image.tag} from the latest manifest (${base})`,
            };
        for (const { chart, valuesPath } of mapping.charts) setImage(release, chart, valuesPath, pinned);
      }
      for (const [name, image] of Object.entries(readJobImages(sources.manifests[base]!, base))) {
        release.jobImages[name as JobImageName] =
          image.tag === baseTag
            ? {
                ...image,
                tag: version,
                source: 'derived',
                reason: `tagged by release in ${base} (${baseTag}); follows the release tag`,
              }
            : {
                ...image,
                source: 'derived',
                reason: `not tagged by release; keeps ${image.tag} from the latest manifest (${base})`,
              };
      }
    }
    // No manifest lists awshelper (Gen3's jobs' helper image); the chart defaults to :master. Pin the release
    // tag the other core images carry.
    release.jobImages.awshelper ??= {
      repository: 'quay.io/cdis/awshelper',
      tag: releaseTag,
      source: 'derived',
      reason: `not listed in any release manifest (the charts default to master); takes the release tag ${releaseTag}`,
    };
    release.jobImages = sortRecord(release.jobImages, (image) => image);

    for (const extra of extras) {
      if (release.images[extra.chart]?.[extra.valuesPath]) continue;
      const judgedBy = firstNotes !== undefined && version < firstNotes ? firstNotes : version;
      if (extra.firstMention > judgedBy) continue;
      setImage(release, extra.chart, extra.valuesPath, {
        repository: extra.repository,
        tag: releaseTag,
        source: 'derived',
        reason:
          `not listed in any release manifest; ${extra.component} is part of the core release ` +
          `(release notes cover it from ${extra.firstMention}), so its image carries the release tag ${releaseTag}`,
      });
    }
    release.images = sortRecord(release.images, (images) => sortRecord(images, (image) => image));
    releases.push(release);
  }

  return {
    apiVersion: 'csoc.gen3.org/v1',
    kind: 'Gen3ReleaseCatalog',
    generator: RELEASE_CATALOG_GENERATOR,
    sources: {
      releases: readSourceOrigin(sources.releasesReadme, 'gen3-releases/README.md'),
      charts: { ...readSourceOrigin(sources.chartsReadme, 'gen3-helm/README.md'), chartVersions },
    },
    charts,
    legacyServices: sortRecord(legacyServices, (mapping) => mapping),
    releases,
  };
}

function readSourceOrigin(readme: string, file: string): { repository: string; commit: string } {
  const repository = /repository\s+([\w.-]+\/[\w.-]+)/.exec(readme)?.[1];
  const commit = /commit\s+([0-9a-f]{40})/.exec(readme)?.[1];
  if (!repository || !commit) throw new Error(`${file} does not name its upstream repository and commit`);
  return { repository, commit };
}

/**
 * gen3 chart versions before this one hard-code ExternalSecrets `external-secrets.io/v1beta1`, which the
 * External Secrets Operator the cluster add-ons install (0.17+) no longer serves (ADR 0023).
 */
export const FIRST_GEN3_CHART_WITH_EXTERNAL_SECRETS_V1 = '0.3.0';

/**
 * The chart versions every release deploys: the newest published `gen3`, `cluster-level-resources` and `alloy`
 * (each commons' telemetry agent, ADR 0040), which
 * is what the chart data in gen3-helm (the repository at the commit its README names, the same day the index
 * was generated) is. Checked: the published umbrella version depends on exactly the charts gen3/Chart.yaml
 * lists, so the key check and the catalog's chart facts read the chart the deploy targets.
 */
function readChartVersions(sources: ReleaseCatalogSources): ChartVersions {
  const index = parseChartIndex(sources.chartIndex);
  const gen3 = newestPublishedChart(index, 'gen3');
  const clusterLevelResources = newestPublishedChart(index, 'cluster-level-resources');
  const alloy = newestPublishedChart(index, 'alloy');
  const declared = (
    (parseYaml(sources.gen3ChartYaml) as { dependencies?: ChartDependency[] }).dependencies ?? []
  )
    .map((dependency) => dependency.name)
    .sort();
  const published = (gen3.dependencies ?? []).map((dependency) => dependency.name).sort();
  if (declared.join(',') !== published.join(',')) {
    throw new Error(
      `gen3-helm/gen3/Chart.yaml depends on [${declared.join(', ')}] but the newest published gen3 ` +
        `(${gen3.version}) on [${published.join(', ')}]: the chart data and chart-index.json are from ` +
        'different gen3-helm commits; refresh ../shared/gen3-helm from one commit',
    );
  }
  if (semver.lt(gen3.version, FIRST_GEN3_CHART_WITH_EXTERNAL_SECRETS_V1)) {
    throw new Error(
      `gen3 chart ${gen3.version} renders ExternalSecrets v1beta1, which current External Secrets ` +
        `Operators no longer serve; CSOC deploys gen3 ${FIRST_GEN3_CHART_WITH_EXTERNAL_SECRETS_V1} or later`,
    );
  }
  return {
    gen3: gen3.version,
    'cluster-level-resources': clusterLevelResources.version,
    alloy: alloy.version,
  };
}

/**
 * The job and sidecar images a release manifest pins: `ssjdispatcher.job_images.indexing`, each
 * `sower[].container.image`, `hatchery.sidecar.image`; keyed by image name. Throws on an image it cannot name.
 */
function readJobImages(
  manifestText: string,
  version: string,
): Partial<Record<JobImageName, { repository: string; tag: string }>> {
  const manifest = JSON.parse(manifestText) as {
    ssjdispatcher?: { job_images?: Record<string, string> };
    sower?: Array<{ container?: { image?: string } }>;
    hatchery?: { sidecar?: { image?: string } };
  };
  const where = `manifests/${version}.json`;
  const texts: Array<[string, string | undefined]> = [
    ...Object.entries(manifest.ssjdispatcher?.job_images ?? {}).map(
      ([job, image]) => [`ssjdispatcher.job_images.${job}`, image] as [string, string],
    ),
    ...(manifest.sower ?? []).map(
      (job, index) =>
        [`sower[${index}].container.image`, job.container?.image] as [string, string | undefined],
    ),
    ['hatchery.sidecar.image', manifest.hatchery?.sidecar?.image],
  ];
  const found: Partial<Record<JobImageName, { repository: string; tag: string }>> = {};
  for (const [path, text] of texts) {
    if (!text) continue;
    const image = parseImage(text, `${where} ${path}`);
    const name = image.repository.slice(image.repository.lastIndexOf('/') + 1);
    if (!(JOB_IMAGE_NAMES as readonly string[]).includes(name)) {
      throw new Error(
        `${where} ${path}: job image ${text} is not one CSOC pins (${JOB_IMAGE_NAMES.join(', ')}); add it`,
      );
    }
    found[name as JobImageName] = image;
  }
  return found;
}

interface ChartDependency {
  name: string;
  alias?: string;
  condition?: string;
  repository?: string;
}

function readCharts(sources: ReleaseCatalogSources): Record<string, Gen3ChartInfo> {
  const chartYaml = parseYaml(sources.gen3ChartYaml) as { dependencies?: ChartDependency[] };
  const umbrellaValues = (parseYaml(sources.gen3ValuesYaml) ?? {}) as Record<string, unknown>;
  const charts: Record<string, Gen3ChartInfo> = {};
  for (const dependency of chartYaml.dependencies ?? []) {
    // Only charts that live in gen3-helm (file://../<chart>); elasticsearch/postgresql are dev-only upstreams.
    if (!dependency.repository?.startsWith('file://')) continue;
    const name = dependency.alias ?? dependency.name;
    const valuesText = sources.chartValuesYaml[dependency.name];
    if (valuesText === undefined) throw new Error(`gen3-helm/${dependency.name}/values.yaml is missing`);
    const values = (parseYaml(valuesText) ?? {}) as Record<string, unknown>;
    const umbrellaEntry = umbrellaValues[name];
    const defaultEnabled =
      isRecord(umbrellaEntry) && typeof umbrellaEntry.enabled === 'boolean' ? umbrellaEntry.enabled : false;
    const externalSecrets = values.externalSecrets;
    const info: Gen3ChartInfo = {
      toggle: dependency.condition === `${name}.enabled`,
      defaultEnabled,
      images: findImageBlocks(values),
      database: isRecord(externalSecrets) && Object.hasOwn(externalSecrets, 'dbcreds'),
      valuesKeys: Object.keys(values).sort(),
    };
    if (dependency.condition) info.condition = dependency.condition;
    if (name === 'sower' && Array.isArray(values.sowerConfig)) {
      info.sowerConfig = values.sowerConfig as Array<Record<string, unknown>>;
    }
    charts[name] = info;
  }
  return sortRecord(charts, (chart) => chart);
}

/** Values paths of `image` blocks (`image`, `image.spark`, `fence.image`) that name a repository. */
function findImageBlocks(values: Record<string, unknown>): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (node: unknown, path: string[]) => {
    if (!isRecord(node) || path.length > 3) return;
    for (const [key, child] of Object.entries(node)) {
      if (!isRecord(child)) continue;
      const childPath = [...path, key];
      const isImageBlock = key === 'image' || path[path.length - 1] === 'image';
      if (isImageBlock && typeof child.repository === 'string' && child.repository !== '') {
        found[childPath.join('.')] = child.repository;
      } else {
        walk(child, childPath);
      }
    }
  };
  walk(values, []);
  return sortRecord(found, (repository) => repository);
}

interface ImageBlock {
  chart: string;
  valuesPath: string;
}

function indexChartImages(charts: Record<string, Gen3ChartInfo>): Map<string, ImageBlock[]> {
  const index = new Map<string, ImageBlock[]>();
  for (const [chart, info] of Object.entries(charts)) {
    for (const [valuesPath, repository] of Object.entries(info.images)) {
      const blocks = index.get(repository) ?? [];
      blocks.push({ chart, valuesPath });
      index.set(repository, blocks);
    }
  }
  return index;
}

function mapLegacyServices(
  manifests: Map<string, Record<string, string>>,
  imageIndex: Map<string, ImageBlock[]>,
): Record<string, LegacyServiceMapping> {
  const mappings: Record<string, LegacyServiceMapping> = {};
  const repositoryOf = new Map<string, string>();
  for (const [version, services] of manifests) {
    for (const [service, imageText] of Object.entries(services)) {
      const where = `manifests/${version}.json versions.${service}`;
      const { repository } = parseImage(imageText, where);
      const previous = repositoryOf.get(service);
      if (previous && previous !== repository) {
        throw new Error(`${where}: image ${repository} differs from ${previous} in another manifest`);
      }
      repositoryOf.set(service, repository);
      if (mappings[service]) continue;
      const blocks = imageIndex.get(repository);
      if (blocks?.length) {
        mappings[service] = { charts: [...blocks].sort(compareBlocks) };
      } else if (UNMAPPED_SERVICES[service]) {
        mappings[service] = { unmapped: UNMAPPED_SERVICES[service] };
      } else {
        throw new Error(
          `${where}: image ${repository} matches no image.repository of a gen3 chart; map the service or ` +
            'add it to UNMAPPED_SERVICES in buildReleaseCatalog.ts with the reason',
        );
      }
    }
  }
  for (const [service, expected] of Object.entries(EXPECTED_LEGACY_CHARTS)) {
    const mapping = mappings[service];
    if (!mapping) continue;
    const found =
      'charts' in mapping &&
      mapping.charts.some((c) => c.chart === expected.chart && c.valuesPath === expected.valuesPath);
    if (!found) {
      throw new Error(
        `legacy service ${service} no longer maps to ${expected.chart} ${expected.valuesPath}; check gen3-helm`,
      );
    }
  }
  return mappings;
}

interface ReleaseTaggedExtra {
  chart: string;
  valuesPath: string;
  repository: string;
  component: string;
  firstMention: string;
}

/**
 * Toggleable charts that no manifest ever lists but whose source repository the release notes cover (audit
 * -> uc-cdis/audit-service, metadata -> uc-cdis/metadata-service, ...): the release tags them too.
 */
function findReleaseTaggedExtras(
  charts: Record<string, Gen3ChartInfo>,
  legacyServices: Record<string, LegacyServiceMapping>,
  notes: Map<string, ParsedReleaseNotes>,
): ReleaseTaggedExtra[] {
  const mappedCharts = new Set<string>();
  for (const mapping of Object.values(legacyServices)) {
    if ('charts' in mapping) for (const { chart } of mapping.charts) mappedCharts.add(chart);
  }
  const firstMention = new Map<string, string>();
  for (const [version, parsed] of notes) {
    for (const component of parsed.components) {
      if (!firstMention.has(component)) firstMention.set(component, version);
    }
  }
  const extras: ReleaseTaggedExtra[] = [];
  for (const [chart, info] of Object.entries(charts)) {
    if (!info.toggle || mappedCharts.has(chart)) continue;
    const repository = info.images.image;
    const imageName = repository ? CDIS_IMAGE.exec(repository)?.[1] : undefined;
    if (!repository || !imageName) continue;
    const component = `uc-cdis/${imageName}`;
    const mention = firstMention.get(component);
    if (mention) extras.push({ chart, valuesPath: 'image', repository, component, firstMention: mention });
  }
  return extras;
}

/** The `YYYY.MM` tag most images of a manifest carry (the tag the release stamped). */
function dominantReleaseTag(services: Record<string, string>, version: string): string {
  const counts = new Map<string, number>();
  for (const [service, imageText] of Object.entries(services)) {
    const { tag } = parseImage(imageText, `manifests/${version}.json versions.${service}`);
    if (RELEASE_VERSION.test(tag)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || compareStrings(b[0], a[0]));
  if (!ranked[0]) throw new Error(`manifests/${version}.json has no image tagged YYYY.MM`);
  return ranked[0][0];
}

function parseImage(image: string, where: string): { repository: string; tag: string } {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= slash || colon === image.length - 1) throw new Error(`${where}: image ${image} has no tag`);
  return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
}

function setImage(release: Gen3Release, chart: string, valuesPath: string, image: PinnedImage): void {
  release.images[chart] ??= {};
  release.images[chart][valuesPath] = image;
}

function compareBlocks(a: ImageBlock, b: ImageBlock): number {
  return compareStrings(a.chart, b.chart) || compareStrings(a.valuesPath, b.valuesPath);
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortRecord<T, U>(record: Record<string, T>, map: (value: T) => U): Record<string, U> {
  const sorted: Record<string, U> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = map(record[key]!);
  return sorted;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
