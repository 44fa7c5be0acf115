// The version of the plugin contract this SDK (and the host built with it) implements, and the gate a host
// uses to decide whether it can run a plugin that declares a range of contract versions.
import type semverModule from 'semver';

/** What this module uses of the semver library. */
type SemverLibrary = Pick<typeof semverModule, 'valid' | 'validRange' | 'satisfies'>;

let semverLibrary: SemverLibrary | undefined;

/** Called by semverLibrary.ts as it loads (the SDK's index loads it). */
export function registerSemver(library: SemverLibrary): void {
  semverLibrary = library;
}

/**
 * Loads the semver library unless it is loaded: a plugin process whose manifest has a plain version and a
 * plain caret range never needs it (building its regular expressions cost 2–3 ms of every start).
 */
export async function loadSemver(): Promise<void> {
  if (!semverLibrary) await import('./semverLibrary.ts');
}

function semver(): SemverLibrary {
  if (!semverLibrary)
    throw new Error('The semver library is not loaded: import @csoc/plugin-sdk, or await loadSemver() first');
  return semverLibrary;
}

/**
 * The plugin contract version this SDK implements. Changes only by adding; a breaking change is 2.0.0.
 * 1.1.0 added the verb and capability `store-ingest-credential` and the request's `ingestCredential`
 * (docs/adr/0040); a 1.0 plugin never sees either.
 */
export const CONTRACT_VERSION = '1.1.0';

/** The `apiVersion` of every versioned contract document (manifests, requests). */
export const API_VERSION = 'csoc.gen3.org/v1';

/**
 * True when this host's contract version satisfies the plugin's declared `contract` range.
 * An invalid range is never supported.
 *
 * @example
 * hostSupportsContract('^1.0.0'); // true
 * hostSupportsContract('^2.0.0'); // false
 */
export function hostSupportsContract(range: string, hostVersion: string = CONTRACT_VERSION): boolean {
  const plain = caretIncludes(range, hostVersion);
  if (plain !== undefined) return plain;
  if (semver().validRange(range) === null) return false;
  return semver().satisfies(hostVersion, range);
}

/** `X.Y.Z` without a prerelease, build or leading zero, each part at most 9 digits: valid for semver too. */
const PLAIN_VERSION = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;

/**
 * True when `version` is a semantic version (`semver.valid`). A plain `X.Y.Z` is answered without the semver
 * library: its first calls compile dozens of regular expressions, 2–14 ms of every plugin start (the plugin
 * checks its own manifest for each verb). Anything else goes to semver.
 */
export function isSemanticVersion(version: string): boolean {
  return PLAIN_VERSION.test(version) || semver().valid(version) !== null;
}

/** True when `range` is a semver range (`semver.validRange`); a plain `^X.Y.Z` without the library. */
export function isVersionRange(range: string): boolean {
  return (range.startsWith('^') && PLAIN_VERSION.test(range.slice(1))) || semver().validRange(range) !== null;
}

/**
 * `semver.satisfies(host, range)` for the common case, a caret range `^X.Y.Z` with X ≥ 1 and a plain host
 * version: the same major, and not older. Undefined for anything else (semver decides).
 */
function caretIncludes(range: string, hostVersion: string): boolean | undefined {
  const wanted = range.startsWith('^') ? PLAIN_VERSION.exec(range.slice(1)) : null;
  const host = PLAIN_VERSION.exec(hostVersion);
  if (!wanted || !host || wanted[1] === '0') return undefined;
  const [w, h] = [wanted.slice(1, 4).map(Number), host.slice(1, 4).map(Number)];
  if (h[0] !== w[0]) return false;
  return h[1]! > w[1]! || (h[1] === w[1] && h[2]! >= w[2]!);
}

/** Whether checking this version and contract range needs the semver library (not `X.Y.Z` and `^X.Y.Z`). */
export function needsSemver(version: unknown, range: unknown): boolean {
  const plainVersion = typeof version === 'string' && PLAIN_VERSION.test(version);
  const plainRange = typeof range === 'string' && range.startsWith('^') && PLAIN_VERSION.test(range.slice(1));
  return !plainVersion || !plainRange || caretIncludes(range, CONTRACT_VERSION) === undefined;
}
