// The Gen3 release catalog: which image every gen3 chart runs in each core release (YYYY.MM), and what an
// operator must do when moving from one release to the next. Data lives in releaseCatalog.json (generated).
import { InputError, NotFoundError } from '../../errors.ts';
import catalogJson from './releaseCatalog.json' with { type: 'json' };
import type {
  ChartVersions,
  Gen3ChartInfo,
  Gen3Release,
  ReleaseCatalog,
  ReleaseHighlight,
  ReleaseNoteItem,
} from './releaseCatalogTypes.ts';

/** The committed catalog. */
export const releaseCatalog = catalogJson as ReleaseCatalog;

export interface ReleaseSummary {
  version: string;
  title?: string;
  /** True when the release published no manifest and its images were inferred from the release tag. */
  derived: boolean;
  /** The gen3-helm chart versions the release deploys. */
  chartVersions: ChartVersions;
  breakingChanges: number;
  deploymentChanges: number;
}

/** Every known release, oldest first. */
export function listReleases(catalog: ReleaseCatalog = releaseCatalog): ReleaseSummary[] {
  return catalog.releases.map((release) => ({
    version: release.version,
    ...(release.title ? { title: release.title } : {}),
    derived: release.derived,
    chartVersions: release.chartVersions,
    breakingChanges: release.breakingChanges.length,
    deploymentChanges: release.deploymentChanges.length,
  }));
}

/**
 * One release. Throws InputError when `version` is not `YYYY.MM`, NotFoundError (naming the known releases)
 * when the catalog has no such release.
 */
export function getRelease(version: string, catalog: ReleaseCatalog = releaseCatalog): Gen3Release {
  if (typeof version !== 'string' || !/^\d{4}\.\d{2}$/.test(version)) {
    throw new InputError('A Gen3 release is named YYYY.MM, e.g. 2025.09.', [
      { field: 'version', message: 'must look like YYYY.MM' },
    ]);
  }
  const release = catalog.releases.find((candidate) => candidate.version === version);
  if (!release) {
    throw new NotFoundError(
      `Gen3 release ${version} is not in the release catalog. Known releases: ${knownReleases(catalog)}.`,
      'release_not_found',
    );
  }
  return release;
}

/** The release after `version`, or undefined when `version` is the newest. */
export function nextRelease(
  version: string,
  catalog: ReleaseCatalog = releaseCatalog,
): Gen3Release | undefined {
  getRelease(version, catalog);
  return catalog.releases[catalog.releases.findIndex((release) => release.version === version) + 1];
}

/** The gen3 umbrella chart's dependencies (name -> facts), as of the gen3-helm commit the catalog names. */
export function listGen3Charts(catalog: ReleaseCatalog = releaseCatalog): Record<string, Gen3ChartInfo> {
  return catalog.charts;
}

/** One image tag that changes between two releases. */
export interface TagChange {
  chart: string;
  /** The chart values path of the image block, e.g. `image` or `image.spark` (etl). */
  valuesPath: string;
  repository: string;
  /** Undefined when the image is new in `to`. */
  from?: string;
  /** Undefined when the image is gone in `to`. */
  to?: string;
}

/** Moving from one release to the next one. */
export interface UpgradeStep {
  from: string;
  to: string;
  /** True when `to` has no published manifest (tags inferred). */
  derived: boolean;
  tagChanges: TagChange[];
  /** From the release notes of `to`. */
  deploymentChanges: ReleaseNoteItem[];
  breakingChanges: ReleaseNoteItem[];
  highlights: ReleaseHighlight[];
  warnings: string[];
}

export interface UpgradePlan {
  from: string;
  to: string;
  steps: UpgradeStep[];
}

export interface PlanUpgradeOptions {
  /** Refuse a plan of more than one step (default true: operators move one release at a time). */
  oneStep?: boolean;
  catalog?: ReleaseCatalog;
}

/**
 * The ordered steps from release `from` to release `to`, each with the image tags that change and the
 * deployment/breaking changes its notes flag. Refuses downgrades, no-ops, and (unless `oneStep: false`) jumps
 * of more than one release.
 *
 * @example
 *   const plan = planUpgrade('2025.06', '2025.07');
 *   plan.steps[0].tagChanges; // [{ chart: 'arborist', valuesPath: 'image', from: '2025.06', to: '2025.07', ... }, ...]
 */
export function planUpgrade(from: string, to: string, options: PlanUpgradeOptions = {}): UpgradePlan {
  const catalog = options.catalog ?? releaseCatalog;
  const oneStep = options.oneStep ?? true;
  const fromRelease = getRelease(from, catalog);
  const toRelease = getRelease(to, catalog);
  const versions = catalog.releases.map((release) => release.version);
  const fromIndex = versions.indexOf(fromRelease.version);
  const toIndex = versions.indexOf(toRelease.version);
  if (toIndex === fromIndex) {
    throw new InputError(`The commons already runs Gen3 ${from}; there is nothing to upgrade.`, [
      { field: 'to', message: 'is the same release as from' },
    ]);
  }
  if (toIndex < fromIndex) {
    throw new InputError(
      `Downgrading from Gen3 ${from} to ${to} is not supported: database migrations only run forward.`,
      [{ field: 'to', message: 'is older than from' }],
      'downgrade_refused',
    );
  }
  const stepCount = toIndex - fromIndex;
  if (oneStep && stepCount > 1) {
    const next = versions[fromIndex + 1]!;
    throw new InputError(
      `Upgrading from Gen3 ${from} to ${to} crosses ${stepCount} releases; upgrade one release at a time ` +
        `(next: ${next}), or plan with oneStep: false to see every step.`,
      [{ field: 'to', message: `is ${stepCount} releases after from; the next release is ${next}` }],
      'multi_step_upgrade',
    );
  }
  const steps: UpgradeStep[] = [];
  for (let index = fromIndex; index < toIndex; index++) {
    steps.push(planStep(catalog.releases[index]!, catalog.releases[index + 1]!));
  }
  return { from: fromRelease.version, to: toRelease.version, steps };
}

function planStep(from: Gen3Release, to: Gen3Release): UpgradeStep {
  const tagChanges: TagChange[] = [];
  const charts = [...new Set([...Object.keys(from.images), ...Object.keys(to.images)])].sort();
  for (const chart of charts) {
    const before = from.images[chart] ?? {};
    const after = to.images[chart] ?? {};
    const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const valuesPath of paths) {
      const old = before[valuesPath];
      const next = after[valuesPath];
      if (old && next && old.tag === next.tag && old.repository === next.repository) continue;
      const change: TagChange = { chart, valuesPath, repository: (next ?? old)!.repository };
      if (old) change.from = old.tag;
      if (next) change.to = next.tag;
      tagChanges.push(change);
    }
  }
  return {
    from: from.version,
    to: to.version,
    derived: to.derived,
    tagChanges,
    deploymentChanges: to.deploymentChanges,
    breakingChanges: to.breakingChanges,
    highlights: to.highlights,
    warnings: to.warnings,
  };
}

function knownReleases(catalog: ReleaseCatalog): string {
  return catalog.releases.map((release) => release.version).join(', ');
}
