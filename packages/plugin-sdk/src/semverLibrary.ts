// Registers the semver library with contractVersion.ts. The SDK's index loads it; a plugin process loads it
// only for a manifest whose version or contract range is not plain (ADR 0084).
import semver from 'semver';
import { registerSemver } from './contractVersion.ts';

registerSemver(semver);
