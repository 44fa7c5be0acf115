// `csoc-server backup --out FILE` and `csoc-server restore --from FILE`: argument parsing, configuration,
// and what the operator is told — above all that the master key is not in the archive.
import { parseArgs } from 'node:util';
import type { CommandOutput } from '../cli/commandOutput.ts';
import { ConfigError, loadConfig } from '../config/loadConfig.ts';
import { MASTER_KEY_FILE_NAME } from '../credentials/masterKeyring.ts';
import { createBackup } from './createBackup.ts';
import { restoreBackup } from './restoreBackup.ts';
import { DamagedArchiveError } from './tarArchive.ts';

/** Runs `backup` or `restore` with their arguments; returns the exit code (2: usage, 1: failed). */
export async function backupCommand(
  command: 'backup' | 'restore',
  args: string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv,
  usage: string,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options:
        command === 'backup'
          ? { out: { type: 'string' }, gzip: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }
          : { from: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    output.err(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    output.out(usage);
    return 0;
  }
  const file = command === 'backup' ? values.out : values.from;
  if (typeof file !== 'string' || file === '') {
    output.err(
      `${command} needs ${command === 'backup' ? '--out FILE (the archive to write)' : '--from FILE (the archive to restore)'}.\n\n${usage}`,
    );
    return 2;
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      output.err(error.message);
      return 2;
    }
    throw error;
  }

  if (command === 'backup') {
    try {
      const summary = await createBackup({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        outFile: file,
        gzip: values.gzip === true ? true : undefined,
        log: output.out,
      });
      const { manifest } = summary;
      const rows = manifest.database.tables.reduce((sum, table) => sum + table.rows, 0);
      output.out(
        `Backup written to ${summary.outFile} (${summary.bytes} bytes): ${rows} rows of ${manifest.database.tables.length} tables at migration ${manifest.database.migrations.at(-1)}, ${manifest.gitRepositories.length} GitOps repositories, as of ${manifest.createdAt}.`,
      );
      output.err(
        [
          `WARNING: the archive does not contain the master key. Its secrets, Terraform states and plan files are sealed with master key(s) ${manifest.masterKeyIds.join(', ') || '(none yet)'};`,
          `without that key they cannot be read. Back up ${config.masterKey ? 'the key CSOC_MASTER_KEY / CSOC_MASTER_KEY_FILE holds' : `${config.dataDir}/${MASTER_KEY_FILE_NAME}`} separately (a secret store, not beside the archive).`,
        ].join('\n'),
      );
      return 0;
    } catch (error) {
      output.err(`Backup failed: ${(error as Error).message}`);
      return 1;
    }
  }

  try {
    const summary = await restoreBackup({
      fromFile: file,
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      masterKey: config.masterKey,
      log: output.out,
    });
    output.out(
      `Restored the backup of ${summary.manifest.createdAt} (CSOC ${summary.manifest.csocVersion}, ${summary.manifest.database.kind}): ${summary.rows} rows, ${summary.manifest.gitRepositories.length} GitOps repositories, ${summary.auditEventsVerified} audit events verified. Start CSOC with the same master key; it applies any newer migrations.`,
    );
    return 0;
  } catch (error) {
    output.err(
      `Restore failed${error instanceof DamagedArchiveError ? ' (the archive is damaged; nothing was restored)' : ''}: ${(error as Error).message}`,
    );
    return 1;
  }
}
