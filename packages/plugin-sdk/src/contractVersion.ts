// The version of the plugin contract this SDK (and the host built with it) implements, and the gate a host
// uses to decide whether it can run a plugin that declares a range of contract versions.
import semver from 'semver';

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
  if (semver.validRange(range) === null) return false;
  return semver.satisfies(hostVersion, range);
}
