// A person's pause, resume and skip racing the engine, on real SQLite and PostgreSQL: the engine's pass is
// played by the store calls it makes, in the racing order (it read the wave and its members, the person
// acted, then the engine writes from what it read). Nothing either side saved is lost: the stale write is
// refused, and a person's command decided on a stale read is decided again (carried out, or a 409 saying
// what changed). No background task runs here, so the order is exactly the one written.
import { newId } from '@csoc/common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/loadConfig.ts';
import { createAppContext, type AppRoot } from '../createAppContext.ts';
import { nowIso } from '../db/schema.ts';
import { ConflictError } from '../errors.ts';
import type { AppContext } from '../http/appContext.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { advanceWave } from './waveEngine.ts';
import { createWave, pauseWave, resumeWave, skipWaveCommons, type Actor } from './waveLifecycle.ts';
import {
  findWaveById,
  listWaveMembers,
  updateWave,
  updateWaveMember,
  WaveChangedError,
} from './waveStore.ts';
import type { WaveMembersTable, WavesTable } from './waveTables.ts';
import { provisionedSimCommonsRow } from '../testing/simCommons.ts';

const operator: Actor = { id: 'user-operator', email: 'operator@example.org' };

describe.each(testDatabaseTargets)('waves racing the engine on $dialect', { timeout: 120_000 }, (target) => {
  let root: AppRoot;
  let context: AppContext;
  let orgId: string;
  let databaseUrl: string;
  let waveCount = 0;

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-wave-race-'));
    root = await createAppContext(
      loadConfig({
        CSOC_DATA_DIR: dataDir,
        CSOC_DATABASE_URL: (databaseUrl = await target.create()),
        CSOC_ADMIN_EMAIL: 'admin@example.org',
        CSOC_ADMIN_PASSWORD: 'correct-horse-battery-staple',
        CSOC_LOG_LEVEL: 'silent',
      }),
    );
    context = root.context;
    orgId = newId();
    const now = nowIso();
    await context.database.db
      .insertInto('orgs')
      .values({ id: orgId, slug: 'race-org', name: 'Race', created_at: now, updated_at: now, version: 1 })
      .execute();
    for (const name of ['race-a', 'race-b', 'race-c']) {
      const id = newId();
      await context.database.db
        .insertInto('commons')
        .values(
          provisionedSimCommonsRow(orgId, name, {
            id,
            plugin_version: '1.0.0',
            account_name: 'sim',
            spec: JSON.stringify({ gen3: { release: '2025.06', hostname: `${name}.sim.example.org` } }),
            labels: JSON.stringify({ race: 'yes' }),
          }),
        )
        .execute();
      await context.database.db
        .insertInto('commons_labels')
        .values({ commons_id: id, key: 'race', value: 'yes' })
        .execute();
    }
  });
  afterAll(async () => {
    await root?.close();
  });

  /** A new running wave over the three commons, one stage, and the engine's read of it. */
  async function newWave(maxParallel = 3): Promise<{ wave: WavesTable; members: WaveMembersTable[] }> {
    waveCount += 1;
    const wave = await createWave(context, {
      orgId,
      name: `race-${waveCount}`,
      selector: 'race=yes',
      targetRelease: '2025.07',
      soakSeconds: 0,
      maxParallel,
      createdBy: { id: 'user-creator', email: 'creator@example.org' },
    });
    return { wave, members: await listWaveMembers(context.database, wave.id) };
  }
  const memberNamed = async (wave: WavesTable, name: string) =>
    (await listWaveMembers(context.database, wave.id)).find((member) => member.commons_name === name)!;
  const stored = async (wave: WavesTable) => (await findWaveById(context.database, wave.id))!;

  it("keeps a person's skip when the engine then starts the step it had read as pending", async () => {
    const { wave, members: engineRead } = await newWave();
    const stalePending = engineRead.find((member) => member.commons_name === 'race-a')!;

    await skipWaveCommons(context, wave, 'race-a', operator);
    await expect(
      updateWaveMember(context.database, stalePending, { state: 'starting', release: '2025.07' }),
    ).rejects.toBeInstanceOf(WaveChangedError);
    // The engine's fallback (recording the step as failed) is refused too: it would undo the skip as well.
    await expect(
      updateWaveMember(context.database, stalePending, { state: 'failed', message: 'boom' }),
    ).rejects.toBeInstanceOf(WaveChangedError);

    const skipped = await memberNamed(wave, 'race-a');
    expect(skipped.state).toBe('skipped');
    expect(skipped.message).toBe('skipped by operator@example.org');
    expect(skipped.release).toBe('2025.06');
  });

  it("refuses a person's skip of a step the engine finished meanwhile, saying what it became", async () => {
    const { wave, members: engineRead } = await newWave();
    const starting = await updateWaveMember(
      context.database,
      engineRead.find((member) => member.commons_name === 'race-b')!,
      { state: 'starting', release: '2025.07' },
    );
    // A skip of a step under way is still valid: it wins over the engine's next write from its old read.
    await skipWaveCommons(context, wave, 'race-b', operator);
    await expect(
      updateWaveMember(context.database, starting, { state: 'upgrading', deploy_id: 'deploy-1' }),
    ).rejects.toBeInstanceOf(WaveChangedError);
    expect((await memberNamed(wave, 'race-b')).state).toBe('skipped');

    const done = await updateWaveMember(context.database, await memberNamed(wave, 'race-c'), {
      state: 'done',
      message: 'at Gen3 2025.07',
    });
    const refusal = await skipWaveCommons(context, wave, 'race-c', operator).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ConflictError);
    expect((refusal as ConflictError).message).toBe('race-c is already done in this wave.');
    expect((await memberNamed(wave, 'race-c')).version).toBe(done.version);
  });

  it("decides a pause made on a stale read again: the engine's stage advance stays, the wave pauses", async () => {
    const { wave: personRead } = await newWave();
    const engineSaved = await updateWave(context.database, personRead, {
      current_stage: 1,
      gate: 'stage 2 starting',
    });

    const paused = await pauseWave(context, personRead, operator);

    expect(paused.state).toBe('paused');
    const now = await stored(personRead);
    expect(now).toMatchObject({ state: 'paused', current_stage: 1, gate: 'stage 2 starting' });
    expect(now.version).toBe(engineSaved.version + 1);
    expect(now.paused_reason).toBe('paused by operator@example.org');
  });

  it('answers a pause that lost to the engine completing the wave with a 409 naming the change', async () => {
    const { wave: personRead } = await newWave();
    await updateWave(context.database, personRead, { state: 'completed', gate: '' });

    const refusal = await pauseWave(context, personRead, operator).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(ConflictError);
    expect((refusal as ConflictError).message).toContain(
      `Wave ${personRead.name} changed while you asked: it went from running to completed.`,
    );
    expect((refusal as ConflictError).details).toEqual([
      { field: 'state', message: 'running (version 1) → completed (version 2)' },
    ]);
    expect((await stored(personRead)).state).toBe('completed');
  });

  it('starts nothing and records nothing from an engine pass that read the wave before a pause', async () => {
    const { wave: engineWave, members: engineMembers } = await newWave();

    await pauseWave(context, engineWave, operator);

    for (const member of engineMembers) {
      await expect(
        updateWaveMember(context.database, member, { state: 'starting', release: '2025.07' }),
      ).rejects.toBeInstanceOf(WaveChangedError);
      await expect(
        updateWaveMember(context.database, member, { state: 'failed', message: 'not started' }),
      ).rejects.toBeInstanceOf(WaveChangedError);
    }
    await expect(
      updateWave(context.database, engineWave, { current_stage: 1, soak_started_at: null, gate: '' }),
    ).rejects.toBeInstanceOf(WaveChangedError);

    expect(await stored(engineWave)).toMatchObject({ state: 'paused', current_stage: 0 });
    expect((await listWaveMembers(context.database, engineWave.id)).map((member) => member.state)).toEqual([
      'pending',
      'pending',
      'pending',
    ]);
  });

  it('resumes on a stale read by deciding again, retrying the failed step with the wave in one save', async () => {
    const { wave, members } = await newWave();
    const failing = members.find((member) => member.commons_name === 'race-a')!;
    await updateWaveMember(context.database, failing, { state: 'failed', message: 'deploy failed' });
    const pausedByEngine = await updateWave(context.database, wave, {
      state: 'paused',
      paused_reason: 'race-a: deploy failed',
      paused_commons_id: failing.commons_id,
    });
    // Another operator notes a reason meanwhile (any save moves the version under the first person's read).
    await updateWave(context.database, pausedByEngine, { gate: 'looked at by on-call' });

    const resumed = await resumeWave(context, pausedByEngine, operator);

    expect(resumed.state).toBe('running');
    expect(await stored(wave)).toMatchObject({ state: 'running', gate: 'looked at by on-call' });
    expect(await memberNamed(wave, 'race-a')).toMatchObject({
      state: 'starting',
      message: 'retrying after resume',
    });
  });

  // The real engine pass, held at the very write that starts a commons: PostgreSQL lets another session lock
  // the member row, so the pass waits there while the person's skip is committed (SQLite has one connection
  // per process, so this interleaving exists only across processes there; the store tests above cover it).
  it.runIf(target.dialect === 'postgres')(
    'lets a skip committed while a real engine pass waits to start that commons win; the pass starts nothing',
    async () => {
      const { wave } = await newWave(1);
      const member = await memberNamed(wave, 'race-a');
      const person = new pg.Client({ connectionString: databaseUrl });
      // Watches from outside the person's transaction (pg_stat_activity is read once per transaction).
      const observer = new pg.Client({ connectionString: databaseUrl });
      await person.connect();
      await observer.connect();
      try {
        await person.query('BEGIN');
        await person.query('SELECT 1 FROM wave_members WHERE wave_id = $1 AND commons_id = $2 FOR UPDATE', [
          wave.id,
          member.commons_id,
        ]);
        const pass = advanceWave(context, wave.id);
        await expect
          .poll(
            async () =>
              (
                await observer.query<{ waiting: string | number }>(
                  `SELECT count(*) AS waiting FROM pg_stat_activity
                   WHERE datname = current_database() AND wait_event_type = 'Lock'
                   AND query ILIKE 'update "wave_members"%'`,
                )
              ).rows.map((row) => Number(row.waiting))[0],
            { timeout: 60_000, interval: 50 },
          )
          .toBe(1);
        // What skipWaveCommons saves, committed while the engine waits on the row.
        await person.query(
          `UPDATE wave_members SET state = 'skipped', message = 'skipped by operator@example.org',
           version = version + 1, updated_at = $3 WHERE wave_id = $1 AND commons_id = $2`,
          [wave.id, member.commons_id, nowIso()],
        );
        await person.query('COMMIT');
        await pass;
      } finally {
        await person.end();
        await observer.end();
      }

      expect(await memberNamed(wave, 'race-a')).toMatchObject({ state: 'skipped', release: '2025.06' });
      // Not paused over the refused write, and no step was started for anything.
      expect(await stored(wave)).toMatchObject({ state: 'running', paused_reason: null });
      const deploys = await context.database.db
        .selectFrom('deploys')
        .select('id')
        .where('commons_id', '=', member.commons_id)
        .execute();
      expect(deploys).toEqual([]);
    },
  );
});
