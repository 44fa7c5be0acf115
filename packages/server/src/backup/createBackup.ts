// `csoc-server backup`: one archive of everything CSOC keeps — every table (state versions and plan files
// are sealed rows), and every GitOps repository as a `git bundle --all` — consistent while CSOC runs.
// The master key is never in it: sealed rows stay ciphertext, and the key is backed up separately.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runGit } from '../gitops/repository/runGit.ts';
import {
  type BackupGitRepository,
  type BackupManifest,
  type BackupMember,
  type BackupTable,
  csocServerVersion,
  MANIFEST_CHECKSUM_MEMBER,
  MANIFEST_MEMBER,
} from './backupManifest.ts';
import { openDatabaseSnapshot } from './databaseSnapshot.ts';
import { type TarMemberSource, writeTarArchive } from './tarArchive.ts';

/** Columns naming the master key that wraps a sealed value (credentials/sealedColumns.ts, cloud accounts). */
const MASTER_KEY_ID_COLUMNS = new Set(['sealed_key_id', 'secret_key_id']);

export interface CreateBackupOptions {
  databaseUrl?: string;
  dataDir: string;
  /** The archive to write; must not exist yet. `.gz`/`.tgz` (or `gzip: true`) compresses it. */
  outFile: string;
  gzip?: boolean;
  log?: (line: string) => void;
}

export interface BackupSummary {
  outFile: string;
  manifest: BackupManifest;
  bytes: number;
}

/**
 * Writes a backup archive of the installation at `dataDir`/`databaseUrl`, safe to run while CSOC runs.
 * The database is read in one snapshot first; the Git repositories are bundled after it began, so every
 * commit a row names is in the archive (refs only move forward).
 *
 * @example
 * await createBackup({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, outFile: 'csoc.tar.gz' });
 */
export async function createBackup(options: CreateBackupOptions): Promise<BackupSummary> {
  const log = options.log ?? (() => {});
  const outFile = path.resolve(options.outFile);
  if (fs.existsSync(outFile))
    throw new Error(
      `${outFile} already exists. Fix: name a new file with --out; a backup never overwrites one.`,
    );
  fs.mkdirSync(path.dirname(outFile), { recursive: true, mode: 0o700 });
  const staging = fs.mkdtempSync(path.join(path.dirname(outFile), '.csoc-backup-'));
  try {
    const members: TarMemberSource[] = [];
    const checksums: BackupMember[] = [];
    const stage = async (name: string, write: (file: string) => Promise<void>) => {
      const file = path.join(staging, name);
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      await write(file);
      members.push({ name, file });
      checksums.push({ name, size: fs.statSync(file).size, sha256: await sha256OfFile(file) });
    };

    const snapshot = await openDatabaseSnapshot({
      databaseUrl: options.databaseUrl,
      dataDir: options.dataDir,
    });
    const createdAt = new Date().toISOString();
    const tables: BackupTable[] = [];
    const masterKeyIds = new Set<string>();
    try {
      log(`Reading ${snapshot.tables.length} tables of ${snapshot.description} in one snapshot...`);
      for (const table of snapshot.tables) {
        const member = `database/${table.name}.jsonl`;
        let rows = 0;
        await stage(member, async (file) => {
          const fd = fs.openSync(file, 'wx', 0o600);
          try {
            await snapshot.readRows(table, (batch) => {
              fs.writeSync(fd, batch.map((row) => `${JSON.stringify(row)}\n`).join(''));
              rows += batch.length;
              for (const row of batch)
                for (const column of table.columns)
                  if (MASTER_KEY_ID_COLUMNS.has(column) && typeof row[column] === 'string')
                    masterKeyIds.add(row[column]);
            });
          } finally {
            fs.closeSync(fd);
          }
        });
        tables.push({ name: table.name, columns: table.columns, rows, member });
      }
    } finally {
      await snapshot.close();
    }

    const gitRepositories: BackupGitRepository[] = [];
    for (const repository of gitRepositoriesIn(options.dataDir)) {
      const gitDir = path.join(options.dataDir, repository);
      const member = `git/${path.basename(repository, '.git')}.bundle`;
      const head = await symbolicHead(gitDir);
      const hasRefs = (await runGit(['for-each-ref', '--count=1'], { gitDir })).stdout.trim() !== '';
      if (!hasRefs) {
        gitRepositories.push({ path: repository, member: null, refs: {}, head });
        continue;
      }
      await stage(member, async (file) => {
        await runGit(['bundle', 'create', '--quiet', file, '--all'], { gitDir });
      });
      // The refs as the bundle took them (the branch may move while it is written).
      const heads = await runGit(['bundle', 'list-heads', path.join(staging, member)], { gitDir });
      const refs = Object.fromEntries(
        heads.stdout
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((line) => line.split(' '))
          .filter(([, ref]) => ref !== 'HEAD')
          .map(([oid, ref]) => [ref!, oid!]),
      );
      gitRepositories.push({ path: repository, member, refs, head });
    }
    log(`Bundled ${gitRepositories.length} GitOps repositories.`);

    const manifest: BackupManifest = {
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'CsocBackup',
      formatVersion: 1,
      csocVersion: csocServerVersion(),
      createdAt,
      database: { kind: snapshot.dialect, migrations: snapshot.migrations, tables },
      gitRepositories,
      masterKeyIds: [...masterKeyIds].sort(),
      members: checksums,
    };
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    const manifestFile = path.join(staging, MANIFEST_MEMBER);
    fs.writeFileSync(manifestFile, manifestText, { mode: 0o600 });
    const checksumFile = path.join(staging, MANIFEST_CHECKSUM_MEMBER);
    fs.writeFileSync(checksumFile, `${createHash('sha256').update(manifestText).digest('hex')}\n`, {
      mode: 0o600,
    });

    // Written beside the target and renamed: a reader never sees half an archive under the final name.
    const partial = path.join(staging, 'archive.partial');
    await writeTarArchive(
      partial,
      [
        { name: MANIFEST_MEMBER, file: manifestFile },
        { name: MANIFEST_CHECKSUM_MEMBER, file: checksumFile },
        ...members,
      ],
      { gzip: options.gzip ?? /\.(tgz|gz)$/.test(outFile) },
    );
    fs.linkSync(partial, outFile);
    return { outFile, manifest, bytes: fs.statSync(outFile).size };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The bare GitOps repositories CSOC keeps in DATA_DIR/gitops (local mode), as paths under DATA_DIR. */
export function gitRepositoriesIn(dataDir: string): string[] {
  const root = path.join(dataDir, 'gitops');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name.endsWith('.git'))
    .map((entry) => `gitops/${entry.name}`)
    .sort();
}

async function symbolicHead(gitDir: string): Promise<string | null> {
  const result = await runGit(['symbolic-ref', '-q', 'HEAD'], { gitDir, okCodes: [1] });
  return result.code === 0 ? result.stdout.trim() : null;
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
