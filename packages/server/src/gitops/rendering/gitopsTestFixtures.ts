// Test support: the renderer inputs in testdata/ and variants built from them (every pinned service on,
// the clouds without a golden fixture). Not used by the product.
import { readFileSync } from 'node:fs';
import { releaseCatalog } from '../releases/releaseCatalog.ts';

export const GOLDEN_FIXTURES = ['aws', 'azure', 'gcp', 'digitalocean', 'kubernetes', 'sim'] as const;
export type GoldenFixture = (typeof GOLDEN_FIXTURES)[number];

type Input = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A fresh copy of testdata/<name>.json. */
export function loadFixture(name: GoldenFixture): Input {
  return JSON.parse(readFileSync(new URL(`./testdata/${name}.json`, import.meta.url), 'utf8')) as Input;
}

/** The AWS fixture on the newest release with every toggleable chart that release pins. */
export function everyPinnedServiceInput(): Input {
  const input = loadFixture('aws');
  const release = releaseCatalog.releases[releaseCatalog.releases.length - 1]!;
  input.release = release.version;
  input.gen3.services = Object.keys(release.images).filter((chart) => releaseCatalog.charts[chart]?.toggle);
  return input;
}

/** The existing-cluster fixture: the existing-cluster plugin's mapped outputs (Kubernetes secrets provider). */
export function kubernetesInput(): Input {
  return loadFixture('kubernetes');
}

/** The DigitalOcean fixture: the digitalocean plugin's mapped outputs (Kubernetes secrets provider). */
export function digitaloceanInput(): Input {
  return loadFixture('digitalocean');
}
