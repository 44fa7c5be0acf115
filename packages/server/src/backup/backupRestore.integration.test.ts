// Backup and restore end to end, on SQLite and PostgreSQL: a CSOC with real data (an org, a sim commons
// planned and applied with real Terraform, a deploy that committed to its GitOps repository, audit events)
// is backed up while a client keeps creating orgs, and restored into an empty installation that holds a
// consistent prefix of those writes; the installation is then stopped, backed up and restored with the
// `csoc-server` commands, and the copy matches table by table, row by row, ref by ref. The restored CSOC
// starts with the same master key and serves a sealed state version whose checksum matches. A flipped byte
// is refused naming its member, and nothing secret is in the archive in clear.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServerCommand } from '../cli/serverCommands.ts';
import { runGit } from '../gitops/repository/runGit.ts';
import { createSimAccount, simCommonsDocument, waitForRun } from '../testing/simCommons.ts';
import { startTestCsoc, TEST_ADMIN_PASSWORD, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';
import { createBackup, gitRepositoriesIn } from './createBackup.ts';
import { openDatabaseSnapshot, type Row } from './databaseSnapshot.ts';
import { restoreBackup } from './restoreBackup.ts';
import { DamagedArchiveError, tarMemberOffsets } from './tarArchive.ts';

const ORG = 'keep';
const COMMONS = 'kept';

/** Every table's rows in primary-key order, read in one snapshot. */
async function everyRow(databaseUrl: string, dataDir: string): Promise<Map<string, Row[]>> {
  const snapshot = await openDatabaseSnapshot({ databaseUrl, dataDir });
  const tables = new Map<string, Row[]>();
  try {
    for (const table of snapshot.tables) {
      const rows: Row[] = [];
      await snapshot.readRows(table, (batch) => void rows.push(...batch));
      tables.set(table.name, rows);
    }
  } finally {
    await snapshot.close();
  }
  return tables;
}

async function refsOf(dataDir: string): Promise<Record<string, string>> {
  const refs: Record<string, string> = {};
  for (const repository of gitRepositoriesIn(dataDir)) {
    const gitDir = path.join(dataDir, repository);
    await runGit(['fsck', '--no-progress', '--connectivity-only'], { gitDir });
    const listed = await runGit(['for-each-ref', '--format=%(refname) %(objectname)'], { gitDir });
    refs[`${repository} HEAD`] = (await runGit(['symbolic-ref', 'HEAD'], { gitDir })).stdout.trim();
    for (const line of listed.stdout.trim().split('\n').filter(Boolean)) {
      const [ref, oid] = line.split(' ');
      refs[`${repository} ${ref}`] = oid!;
    }
  }
  return refs;
}

/** A fresh data directory holding only a copy of the source's master key (kept apart from the archive). */
function emptyInstallationWithKeyOf(source: TestCsoc): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-restored-'));
  fs.copyFileSync(path.join(source.dataDir, 'master.key'), path.join(dataDir, 'master.key'));
  fs.chmodSync(path.join(dataDir, 'master.key'), 0o600);
  return dataDir;
}

function captured() {
  const lines = { out: [] as string[], err: [] as string[] };
  return {
    lines,
    output: { out: (line: string) => lines.out.push(line), err: (line: string) => lines.err.push(line) },
  };
}

describe.each(testDatabaseTargets)('backup and restore on $dialect', { timeout: 900_000 }, (target) => {
  let source: TestCsoc;
  let sourceUrl: string;
  let restored: TestCsoc | undefined;
  let ingestToken: string;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-backup-test-'));

  beforeAll(async () => {
    sourceUrl = await target.create();
    source = await startTestCsoc({
      databaseUrl: sourceUrl,
      env: { CSOC_SIM_SYNC_DELAY_MS: '200', CSOC_PROBE_INTERVAL_SECONDS: '0' },
    });
    await ensureOrg(source, ORG);
    await createSimAccount(source.admin, ORG);
    const created = await source.admin.post(
      `/api/v1/orgs/${ORG}/commons`,
      simCommonsDocument(
        COMMONS,
        { simulation: { resourceDelaySeconds: 0 } },
        { gen3: { release: '2025.06', hostname: 'kept.sim.example.org' } },
      ),
    );
    expect(created.status, created.text).toBe(201);
    const plan = await source.admin.post(`/api/v1/orgs/${ORG}/commons/${COMMONS}/runs`, { kind: 'plan' });
    expect(plan.status, plan.text).toBe(201);
    expect((await waitForRun(source.admin, ORG, plan.body.id, ['planned'], 300_000)).state).toBe('planned');
    expect((await source.admin.post(`/api/v1/orgs/${ORG}/runs/${plan.body.id}/approve`)).status).toBe(200);
    expect((await waitForRun(source.admin, ORG, plan.body.id, [], 300_000)).state).toBe('succeeded');
    const issued = await source.admin.post(`/api/v1/orgs/${ORG}/commons/${COMMONS}/telemetry/credential`, {});
    expect(issued.status, issued.text).toBe(201);
    ingestToken = issued.body.token;
    const deploy = await source.admin.post(`/api/v1/orgs/${ORG}/commons/${COMMONS}/deploys`, {});
    expect(deploy.body.status, deploy.text).toBe('committed');
  }, 600_000);

  afterAll(async () => {
    await restored?.stop();
    await source?.stop().catch(() => {});
  });

  it('backs up while orgs are being created, and restores a consistent prefix of them', async () => {
    let created = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const response = await source.admin.post('/api/v1/orgs', {
          slug: `w-${created}`,
          name: `w ${created}`,
        });
        expect(response.status, response.text).toBe(201);
        created += 1;
      }
    })();
    // Some writes land before the backup starts; the rest race it.
    while (created < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    const before = created;
    const backupStarted = performance.now();
    const archive = path.join(work, 'live.tar.gz');
    const summary = await createBackup({ databaseUrl: sourceUrl, dataDir: source.dataDir, outFile: archive });
    const after = created;
    const backupMs = performance.now() - backupStarted;
    writing = false;
    await writer;
    expect(summary.manifest.database.kind).toBe(target.dialect);

    const dataDir = emptyInstallationWithKeyOf(source);
    const databaseUrl = await target.create();
    const result = await restoreBackup({ fromFile: archive, databaseUrl, dataDir });
    expect(result.auditEventsVerified).toBeGreaterThan(0);

    const rows = await everyRow(databaseUrl, dataDir);
    const writerOrgs = rows
      .get('orgs')!
      .map((org) => String(org.slug))
      .filter((slug) => slug.startsWith('w-'));
    // One snapshot: the orgs created one after another are exactly the first n of them.
    console.log(
      `${target.dialect}: backup took ${Math.round(backupMs)} ms; orgs created before it ${before}, by its end ${after}, in the archive ${writerOrgs.length}`,
    );
    expect(writerOrgs.length).toBeGreaterThanOrEqual(before);
    expect(writerOrgs.length).toBeLessThanOrEqual(after + 1);
    expect(new Set(writerOrgs)).toEqual(
      new Set(Array.from({ length: writerOrgs.length }, (_, n) => `w-${n}`)),
    );
    const versions = rows.get('state_versions')!;
    expect(versions.length).toBeGreaterThan(0);
    const sourceRows = await everyRow(sourceUrl, source.dataDir);
    // State versions and plan files never change once written: the copy has them exactly.
    expect(versions).toEqual(sourceRows.get('state_versions'));
    expect(rows.get('run_artifacts')).toEqual(sourceRows.get('run_artifacts'));
    expect(await refsOf(dataDir)).toEqual(await refsOf(source.dataDir));
  });

  it('round-trips a stopped installation through the csoc-server commands, every row and ref', async () => {
    const versionsBefore = (await source.admin.get(`/api/v1/orgs/${ORG}/commons/${COMMONS}/state/versions`))
      .body.items;
    expect(versionsBefore.length).toBeGreaterThan(0);
    await source.stop();
    const sourceEnv = { CSOC_DATA_DIR: source.dataDir, CSOC_DATABASE_URL: sourceUrl, CSOC_LOG_LEVEL: 'warn' };

    const archive = path.join(work, 'stopped.tar');
    const backup = captured();
    expect(
      await runServerCommand(['backup', '--out', archive], backup.output, sourceEnv),
      backup.lines.err.join('\n'),
    ).toBe(0);
    expect(backup.lines.err.join('\n')).toMatch(/WARNING: the archive does not contain the master key/);
    expect(backup.lines.err.join('\n')).toContain(path.join(source.dataDir, 'master.key'));

    // Nothing secret in clear: not the master key, the admin's password, a token shown once, a state.
    const bytes = fs.readFileSync(archive);
    const masterKeyLine = fs
      .readFileSync(path.join(source.dataDir, 'master.key'), 'utf8')
      .trim()
      .split('\n')[0]!;
    for (const secret of [masterKeyLine, TEST_ADMIN_PASSWORD, ingestToken])
      expect(bytes.includes(Buffer.from(secret))).toBe(false);

    // A second backup over the first is refused; a missing key, a non-empty target too.
    expect(await runServerCommand(['backup', '--out', archive], captured().output, sourceEnv)).toBe(1);
    const keyless = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-keyless-'));
    const refusedKey = captured();
    expect(
      await runServerCommand(['restore', '--from', archive], refusedKey.output, {
        CSOC_DATA_DIR: keyless,
        CSOC_DATABASE_URL: await target.create(),
      }),
    ).toBe(1);
    expect(refusedKey.lines.err.join('\n')).toMatch(
      /sealed with master key\(s\) [0-9a-f]{8}.*Fix: put the backed-up key file/,
    );
    expect(fs.readdirSync(keyless)).toEqual([]);
    const refusedTarget = captured();
    expect(await runServerCommand(['restore', '--from', archive], refusedTarget.output, sourceEnv)).toBe(1);
    expect(refusedTarget.lines.err.join('\n')).toMatch(/is not empty/);

    const dataDir = emptyInstallationWithKeyOf(source);
    const databaseUrl = await target.create();
    const restore = captured();
    expect(
      await runServerCommand(['restore', '--from', archive], restore.output, {
        CSOC_DATA_DIR: dataDir,
        CSOC_DATABASE_URL: databaseUrl,
      }),
      restore.lines.err.join('\n'),
    ).toBe(0);
    expect(restore.lines.out.join('\n')).toMatch(/audit events verified/);

    const original = await everyRow(sourceUrl, source.dataDir);
    const copy = await everyRow(databaseUrl, dataDir);
    expect([...copy.keys()]).toEqual([...original.keys()]);
    for (const [table, rows] of original) expect(copy.get(table), table).toEqual(rows);
    expect(original.get('state_versions')!.length).toBe(versionsBefore.length);
    expect(original.get('deploys')!.length).toBeGreaterThan(0);
    const refs = await refsOf(source.dataDir);
    expect(Object.keys(refs).some((ref) => ref.endsWith(' refs/heads/main'))).toBe(true);
    expect(await refsOf(dataDir)).toEqual(refs);

    // The restored CSOC reads its sealed states with the same master key: the bytes hash to their checksum.
    restored = await startTestCsoc({ databaseUrl, env: { CSOC_DATA_DIR: dataDir } });
    const versions = (await restored.admin.get(`/api/v1/orgs/${ORG}/commons/${COMMONS}/state/versions`)).body
      .items;
    expect(versions).toEqual(versionsBefore);
    for (const version of versions) {
      const state = await restored.admin.get(
        `/api/v1/orgs/${ORG}/commons/${COMMONS}/state/versions/${version.id}/download`,
      );
      expect(state.status, state.text).toBe(200);
      expect(createHash('sha256').update(state.text).digest('hex')).toBe(version.checksum);
      expect(bytes.includes(Buffer.from(state.text.slice(0, 200)))).toBe(false);
      expect(bytes.includes(Buffer.from(JSON.stringify(state.text.slice(0, 200)).slice(1, -1)))).toBe(false);
    }
    expect((await restored.admin.get('/api/v1/audit/verify')).body).toMatchObject({ valid: true });
    expect(restored.capturedOutput()).not.toContain(TEST_ADMIN_PASSWORD);
  });

  it('restores the same archive into the other kind of database, row for row', async () => {
    const other = testDatabaseTargets.find((candidate) => candidate.dialect !== target.dialect)!;
    const dataDir = emptyInstallationWithKeyOf(source);
    const databaseUrl = await other.create();
    await restoreBackup({ fromFile: path.join(work, 'stopped.tar'), databaseUrl, dataDir });
    const original = await everyRow(sourceUrl, source.dataDir);
    const copy = await everyRow(databaseUrl, dataDir);
    for (const [table, rows] of original) expect(copy.get(table), table).toEqual(rows);
    expect(await refsOf(dataDir)).toEqual(await refsOf(source.dataDir));
  });

  it('refuses an archive with one byte flipped, naming the member, and writes nothing', async () => {
    const archive = path.join(work, 'stopped.tar');
    const damaged = path.join(work, 'damaged.tar');
    const bytes = fs.readFileSync(archive);
    const member = tarMemberOffsets(archive).find((entry) => entry.name === 'database/state_versions.jsonl')!;
    const flipped = member.dataOffset + Math.floor(member.size / 2);
    bytes[flipped] = bytes[flipped]! ^ 0x01;
    fs.writeFileSync(damaged, bytes);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-damaged-'));
    const databaseUrl = await target.create();
    const error = await restoreBackup({ fromFile: damaged, databaseUrl, dataDir }).catch((e) => e);
    expect(error).toBeInstanceOf(DamagedArchiveError);
    expect(error.message).toContain('member database/state_versions.jsonl is damaged');
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});
