// Every key the renderer writes must mean something to gen3-helm: it exists in the chart's values.yaml (or
// the gen3 global section, or the documented pass-through list), and every <chart>.enabled toggle names a
// dependency of gen3/Chart.yaml whose condition is that toggle. Checked against ../shared/gen3-helm.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { findPublishedChart, parseChartIndex } from '../releases/chartIndex.ts';
import { getRelease, releaseCatalog } from '../releases/releaseCatalog.ts';
import {
  GOLDEN_FIXTURES,
  digitaloceanInput,
  everyPinnedServiceInput,
  kubernetesInput,
  loadFixture,
} from './gitopsTestFixtures.ts';
import { locateSharedDir, repoRoot } from '../releases/readReleaseCatalogSources.ts';
import { renderCommonsGitOps } from './renderCommonsGitOps.ts';
import { VALUES_PASS_THROUGH, matchesPassThrough, type PassThroughEntry } from './valuesPassThrough.ts';
import { ALLOY_VALUES_PASS_THROUGH } from './renderTelemetryAgent.ts';

const chartsDir = join(locateSharedDir(), 'gen3-helm');

type Tree = Record<string, unknown>;

const readYaml = (...parts: string[]) =>
  (parseYaml(readFileSync(join(chartsDir, ...parts), 'utf8')) ?? {}) as Tree;

const dependencies = (
  readYaml('gen3', 'Chart.yaml').dependencies as Array<{ name: string; alias?: string; condition?: string }>
).map((dependency) => ({ ...dependency, key: dependency.alias ?? dependency.name }));
const umbrellaGlobal = readYaml('gen3', 'values.yaml').global as Tree;

const inputs: Array<[string, () => Record<string, unknown>]> = [
  ...GOLDEN_FIXTURES.map(
    (name) => [name, () => loadFixture(name)] as [string, () => Record<string, unknown>],
  ),
  ['every pinned service (aws)', everyPinnedServiceInput],
  ['kubernetes', kubernetesInput],
  ['digitalocean', digitaloceanInput],
];

const isTree = (value: unknown): value is Tree =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Paths under `emitted` that `declared` does not declare (and no pass-through covers). */
function undeclaredPaths(
  emitted: Tree,
  declared: unknown,
  path: string,
  usedPassThrough: Set<string>,
  passThrough: PassThroughEntry[] = VALUES_PASS_THROUGH,
): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(emitted)) {
    const childPath = path ? `${path}.${key}` : key;
    const entry = passThrough.find((candidate) => matchesPassThrough(candidate, childPath));
    if (entry) {
      usedPassThrough.add(entry.path);
      continue;
    }
    if (!isTree(declared) || !Object.hasOwn(declared, key)) {
      // Report the leaves, so a pass-through entry can name exactly the keys it allows.
      if (isTree(value) && Object.keys(value).length > 0) {
        problems.push(...undeclaredPaths(value, undefined, childPath, usedPassThrough, passThrough));
      } else {
        problems.push(childPath);
      }
      continue;
    }
    const declaredChild = declared[key];
    if (isTree(value) && isTree(declaredChild) && Object.keys(declaredChild).length > 0) {
      problems.push(...undeclaredPaths(value, declaredChild, childPath, usedPassThrough, passThrough));
    } else if (
      isTree(value) &&
      declaredChild !== null &&
      declaredChild !== undefined &&
      !isTree(declaredChild)
    ) {
      problems.push(`${childPath} (a map where the chart declares a ${typeof declaredChild})`);
    }
    // Otherwise: a leaf the chart declares, or keys below a map the chart declares empty ({}) or null.
  }
  return problems;
}

/** Every problem in a rendered values tree: undeclared keys, toggles that are not Chart.yaml conditions. */
function valuesProblems(values: Tree, usedPassThrough: Set<string>): string[] {
  const problems: string[] = [];
  for (const [key, subtree] of Object.entries(values)) {
    if (key === 'global') {
      problems.push(...undeclaredPaths(subtree as Tree, umbrellaGlobal, 'global', usedPassThrough));
      continue;
    }
    const dependency = dependencies.find((candidate) => candidate.key === key);
    if (!dependency) {
      problems.push(`${key} (not a dependency of gen3/Chart.yaml)`);
      continue;
    }
    const { enabled, ...rest } = subtree as Tree;
    if (enabled !== undefined && dependency.condition !== `${key}.enabled`) {
      problems.push(`${key}.enabled (gen3/Chart.yaml condition is ${dependency.condition ?? 'none'})`);
    }
    problems.push(...undeclaredPaths(rest, readYaml(dependency.name, 'values.yaml'), key, usedPassThrough));
  }
  return problems;
}

describe('rendered values match the gen3-helm charts', () => {
  const usedPassThrough = new Set<string>();

  it.each(inputs)('%s: every emitted key exists in the chart values', (_name, makeInput) => {
    const values = parseYaml(renderCommonsGitOps(makeInput()).files['values.yaml']) as Tree;
    expect(
      valuesProblems(values, usedPassThrough),
      'keys gen3-helm does not declare; fix the renderer or add a pass-through',
    ).toEqual([]);
  });

  it('the check itself catches undeclared keys, wrong toggles and unknown charts', () => {
    const problems = valuesProblems(
      {
        global: { hostname: 'x.example.org', notAGen3Global: true },
        fence: { enabled: true, image: { tag: '2025.09', digestt: 'typo' } },
        funnel: { enabled: true },
        'not-a-chart': { enabled: true },
        revproxy: { ingress: { annotations: { 'any.annotation/is-fine': 'yes' } } },
      },
      new Set(),
    );
    expect(problems).toEqual([
      'global.notAGen3Global',
      'fence.image.digestt',
      'funnel.enabled (gen3/Chart.yaml condition is gen3-workflow.enabled)',
      'not-a-chart (not a dependency of gen3/Chart.yaml)',
    ]);
  });

  it('toggles every toggleable dependency explicitly', () => {
    const values = parseYaml(renderCommonsGitOps(loadFixture('aws')).files['values.yaml']) as Tree;
    for (const dependency of dependencies) {
      if (dependency.condition !== `${dependency.key}.enabled`) continue;
      expect(typeof (values[dependency.key] as Tree | undefined)?.enabled, dependency.key).toBe('boolean');
    }
  });

  it('checks the chart the deploy targets: app.yaml pins the published versions this chart data is', () => {
    const index = parseChartIndex(readFileSync(join(chartsDir, 'chart-index.json'), 'utf8'));
    for (const [name, makeInput] of inputs) {
      const input = makeInput();
      const pinned = getRelease(input.release as string).chartVersions;
      const documents = parseAllDocuments(renderCommonsGitOps(input).files['app.yaml']).map(
        (doc) => doc.toJS() as Tree,
      );
      const revisions = documents.flatMap((doc) => {
        const spec = doc.spec as Tree;
        return [...((spec.sources as Tree[] | undefined) ?? []), spec.source as Tree | undefined]
          .filter(
            (source): source is Tree => source?.repoURL === 'https://helm.gen3.org' && Boolean(source.chart),
          )
          .map((source) => [source.chart as string, source.targetRevision as string] as const);
      });
      expect(Object.fromEntries(revisions).gen3, name).toBe(pinned.gen3);
      for (const [chart, version] of revisions) {
        expect(version, `${name}: ${chart}`).toBe(pinned[chart as keyof typeof pinned]);
      }
      expect(pinned, name).toEqual(releaseCatalog.sources.charts.chartVersions);
      for (const [chart, version] of revisions) {
        expect(findPublishedChart(index, chart, version), `${name}: ${chart} ${version}`).toBeDefined();
      }
    }
    // The chart data read above (gen3/Chart.yaml) depends on exactly what the published version does.
    const published = findPublishedChart(index, 'gen3', releaseCatalog.sources.charts.chartVersions.gen3)!;
    expect(dependencies.map((dependency) => dependency.name).sort()).toEqual(
      (published.dependencies ?? []).map((dependency) => dependency.name).sort(),
    );
  });

  it('docs/gitops.md documents every pass-through entry', () => {
    const docs = readFileSync(join(repoRoot, 'docs', 'gitops.md'), 'utf8');
    for (const entry of VALUES_PASS_THROUGH) expect(docs, entry.path).toContain(`\`${entry.path}\``);
  });

  it.each(inputs)(
    '%s: the telemetry agent values exist in the alloy chart (or its grafana/alloy subchart)',
    (_name, makeInput) => {
      const documents = parseAllDocuments(renderCommonsGitOps(makeInput()).files['app.yaml']).map(
        (doc) => doc.toJS() as Tree,
      );
      const sources = documents.flatMap((doc) => ((doc.spec as Tree).sources as Tree[] | undefined) ?? []);
      const agent = sources.find((source) => source.chart === 'alloy');
      expect(agent, 'the commons Application has an alloy source').toBeDefined();
      const values = (agent!.helm as Tree).valuesObject as Tree;
      const used = new Set<string>();
      expect(
        undeclaredPaths(values, readYaml('alloy', 'values.yaml'), '', used, ALLOY_VALUES_PASS_THROUGH),
        'keys the alloy chart does not declare; fix renderTelemetryAgent.ts or add a pass-through',
      ).toEqual([]);
      expect([...used].sort()).toEqual(ALLOY_VALUES_PASS_THROUGH.map((entry) => entry.path).sort());
      // The one key the wrapper's own template reads: the configuration it writes into ConfigMap alloy-gen3.
      const template = readFileSync(join(chartsDir, 'alloy', 'templates', 'alloy-config.yaml'), 'utf8');
      expect(template).toContain('.Values.alloy.alloyConfigmapData');
      expect(typeof (values.alloy as Tree).alloyConfigmapData).toBe('string');
    },
  );

  it('the alloy check catches a key the chart does not declare', () => {
    expect(
      undeclaredPaths(
        { alloy: { alloy: { clusterin: { enabled: false } }, controller: { type: 'deployment' } } },
        readYaml('alloy', 'values.yaml'),
        '',
        new Set(),
        ALLOY_VALUES_PASS_THROUGH,
      ),
    ).toEqual(['alloy.alloy.clusterin.enabled']);
  });

  it('docs/telemetry.md documents every alloy pass-through entry', () => {
    const docs = readFileSync(join(repoRoot, 'docs', 'telemetry.md'), 'utf8');
    for (const entry of ALLOY_VALUES_PASS_THROUGH) expect(docs, entry.path).toContain(`\`${entry.path}\``);
  });

  it('every pass-through entry is still needed', () => {
    // Runs after the renders above (vitest runs a file's tests in order).
    expect(
      VALUES_PASS_THROUGH.map((entry) => entry.path).filter((path) => !usedPassThrough.has(path)),
    ).toEqual([]);
  });
});
