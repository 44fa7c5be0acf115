// The manifest of a backup archive: what the archive holds (tables, Git repositories), the schema level
// and database kind it came from, the master keys its sealed rows need, and the checksum of every member.
import fs from 'node:fs';
import type { DialectName } from '../db/createDatabase.ts';

export const MANIFEST_MEMBER = 'manifest.json';
/** sha256 of manifest.json, so a damaged manifest is named as such rather than misread. */
export const MANIFEST_CHECKSUM_MEMBER = 'manifest.sha256';

export interface BackupTable {
  name: string;
  columns: string[];
  rows: number;
  /** The member holding the rows, one JSON object per line, in primary-key order. */
  member: string;
}

export interface BackupGitRepository {
  /** The bare repository's folder under DATA_DIR, e.g. `gitops/acme.git`. */
  path: string;
  /** `git bundle --all` of it, or null when it had no refs yet. */
  member: string | null;
  /** Every ref the bundle carries and the object it points at. */
  refs: Record<string, string>;
  /** What HEAD names (`refs/heads/main`), or null. */
  head: string | null;
}

export interface BackupMember {
  name: string;
  size: number;
  sha256: string;
}

export interface BackupManifest {
  apiVersion: 'csoc.gen3.org/v1';
  kind: 'CsocBackup';
  formatVersion: 1;
  csocVersion: string;
  /** When the database snapshot was taken: the moment the archive stands for. */
  createdAt: string;
  database: {
    kind: DialectName;
    /** Every migration applied, in order; the last is the schema level. */
    migrations: string[];
    tables: BackupTable[];
  };
  gitRepositories: BackupGitRepository[];
  /** Ids of the master keys that wrap the sealed rows: a restore needs every one of them. */
  masterKeyIds: string[];
  members: BackupMember[];
}

/** The version of the CSOC server package, recorded in each backup. */
export function csocServerVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
