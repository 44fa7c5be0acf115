// What people do to a wave: create it (select the commons by label, freeze the stages), pause, resume,
// skip a commons, roll the current stage back (revert deploys to where each commons started), approve a
// stage with prod commons. The engine (waveEngine.ts) does the rest.
import { newId, type CommonsSpec } from '@csoc/common';
import { selectCommonsByLabels } from '../commons/commonsStore.ts';
import { parseLabelSelector } from '../commons/labelSelector.ts';
import { nowIso } from '../db/schema.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors.ts';
import { getRelease } from '../gitops/releases/releaseCatalog.ts';
import type { AppContext } from '../http/appContext.ts';
import { requiresSecondApprover } from '../identity/orgSettings.ts';
import { planWaveStages, type StageOptions } from './planWaveStages.ts';
import {
  findWaveById,
  insertWave,
  listWaveMembers,
  recordWaveEvent,
  stagesOf,
  updateWave,
  updateWaveMember,
  updateWaveWithMembers,
  WaveChangedError,
  type StoredStage,
} from './waveStore.ts';
import type { WaveMembersTable, WavesTable } from './waveTables.ts';

export interface Actor {
  id: string;
  email: string;
  /** Why, as the operator said it: appended to the timeline entry. */
  reason?: string;
}

const withReason = (message: string, by: Actor) => (by.reason ? `${message}: ${by.reason}` : message);

export interface NewWave {
  orgId: string;
  name: string;
  selector: string;
  targetRelease: string;
  stages?: StageOptions;
  soakSeconds: number;
  maxParallel: number;
  createdBy: Actor;
}

/** Orders releases YYYY.MM as text does. */
const compareReleases = (a: string, b: string) => a.localeCompare(b);

export async function createWave(context: AppContext, input: NewWave): Promise<WavesTable> {
  const requirements = parseLabelSelector(input.selector, 'body.selector');
  try {
    getRelease(input.targetRelease);
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof InputError)
      throw new InputError(error.message, [
        { field: 'body.targetRelease', message: 'is not a known Gen3 release' },
      ]);
    throw error;
  }
  const selected = await selectCommonsByLabels(context.database.db, input.orgId, requirements);
  if (selected.length === 0)
    throw new InputError('The selector selects no commons of this org.', [
      {
        field: 'body.selector',
        message: 'selects nothing; check the labels with GET /commons?labelSelector=',
      },
    ]);
  const planned = planWaveStages(
    selected.map((commons) => commons.name),
    input.stages,
  );
  const byName = new Map(selected.map((commons) => [commons.name, commons]));
  // Frozen with the stages: an org changing its setting later moves no approval of a running wave.
  const prodNeedsSecondApprover = await requiresSecondApprover(context, input.orgId, 'prod');
  const now = nowIso();
  const waveId = newId();
  const members: WaveMembersTable[] = [];
  const stages: StoredStage[] = planned.map((stage, stageIndex) => {
    let hasProd = false;
    stage.commons.forEach((name, position) => {
      const commons = byName.get(name)!;
      const release = (JSON.parse(commons.spec) as CommonsSpec).gen3?.release;
      hasProd ||= commons.environment === 'prod';
      const [state, message]: [WaveMembersTable['state'], string] = !release
        ? ['skipped', 'no spec.gen3: nothing to upgrade']
        : compareReleases(release, input.targetRelease) > 0
          ? ['skipped', `runs ${release}, newer than the target; downgrades are not supported`]
          : release === input.targetRelease
            ? ['done', 'already at the target release']
            : ['pending', ''];
      members.push({
        wave_id: waveId,
        commons_id: commons.id,
        commons_name: name,
        environment: commons.environment,
        stage: stageIndex,
        position,
        state,
        from_release: release ?? '',
        release: release ?? '',
        deploy_id: null,
        message,
        updated_at: now,
        version: 1,
      });
    });
    return {
      name: stage.name,
      needsApproval: hasProd && prodNeedsSecondApprover,
      approvedBy: null,
    };
  });
  const wave: WavesTable = {
    id: waveId,
    org_id: input.orgId,
    name: input.name,
    selector: input.selector,
    target_release: input.targetRelease,
    soak_seconds: input.soakSeconds,
    max_parallel: input.maxParallel,
    state: 'running',
    current_stage: 0,
    stages: JSON.stringify(stages),
    soak_started_at: null,
    gate: '',
    paused_reason: null,
    paused_commons_id: null,
    created_by: input.createdBy.email,
    created_by_id: input.createdBy.id,
    created_at: now,
    updated_at: now,
    version: 1,
    holder: null,
    lease_expires_at: null,
  };
  await insertWave(context.database, wave, members);
  return wave;
}

function requireState(wave: WavesTable, states: WavesTable['state'][], verb: string) {
  if (!states.includes(wave.state))
    throw new ConflictError(
      `Only a ${states.join(' or ')} wave can be ${verb}; "${wave.name}" is ${wave.state}.`,
      'wave_state',
    );
}

/** How often a person's command is decided again when the engine keeps saving the wave under it. */
const COMMAND_ATTEMPTS = 5;

/**
 * Runs a person's command against the wave as it is now. The command reads (`wave`) and writes under
 * version guards; when the engine or another person saved the wave or a member in between, the store
 * refuses the write (WaveChangedError) and the command is decided again on a fresh read: still valid, it is
 * carried out; no longer valid, the person gets a 409 that says what changed since they looked.
 */
async function onCurrentWave<T>(
  context: AppContext,
  wave: WavesTable,
  command: (current: WavesTable) => Promise<T>,
): Promise<T> {
  let current = wave;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await command(current);
    } catch (error) {
      if (current !== wave && error instanceof ConflictError) throw changedSince(wave, current, error);
      if (!(error instanceof WaveChangedError)) throw error;
      if (attempt >= COMMAND_ATTEMPTS)
        throw new ConflictError(
          `Wave ${wave.name} kept changing while your command ran (the engine is moving it); try again.`,
          'wave_busy',
        );
      const fresh = await findWaveById(context.database, wave.id);
      if (!fresh) throw new NotFoundError(`Wave "${wave.name}" no longer exists.`, 'wave_not_found');
      current = fresh;
    }
  }
}

/** The refusal of a command decided again, saying what moved under the person. */
function changedSince(before: WavesTable, now: WavesTable, refusal: ConflictError): ConflictError {
  const moves: string[] = [];
  if (before.state !== now.state)
    moves.push(
      `it went from ${before.state} to ${now.state}${now.paused_reason ? ` (${now.paused_reason})` : ''}`,
    );
  if (before.current_stage !== now.current_stage)
    moves.push(`it moved from stage ${before.current_stage + 1} to stage ${now.current_stage + 1}`);
  const what = moves.length > 0 ? moves.join(' and ') : 'a commons of it changed';
  return new ConflictError(
    `Wave ${before.name} changed while you asked: ${what}. ${refusal.message} Read the wave again and decide.`,
    refusal.code,
    [
      {
        field: 'state',
        message: `${before.state} (version ${before.version}) → ${now.state} (version ${now.version})`,
      },
    ],
  );
}

export async function pauseWave(context: AppContext, wave: WavesTable, by: Actor): Promise<WavesTable> {
  const paused = await onCurrentWave(context, wave, async (current) => {
    requireState(current, ['running', 'awaiting_approval'], 'paused');
    return updateWave(context.database, current, {
      state: 'paused',
      paused_reason: `paused by ${by.email}`,
      paused_commons_id: null,
      soak_started_at: null,
    });
  });
  await recordWaveEvent(
    context.database,
    wave.id,
    'paused',
    null,
    withReason('paused by an operator', by),
    by.email,
  );
  return paused;
}

/**
 * Resumes a paused wave; a commons whose step failed is retried (its current revision deployed again).
 * The wave and its members change together, so the engine never sees a retried step on a paused wave.
 */
export async function resumeWave(context: AppContext, wave: WavesTable, by: Actor): Promise<WavesTable> {
  const resumed = await onCurrentWave(context, wave, async (current) => {
    requireState(current, ['paused'], 'resumed');
    const memberChanges = [];
    for (const member of await listWaveMembers(context.database, current.id)) {
      if (member.state === 'failed')
        memberChanges.push({
          member,
          change: { state: 'starting' as const, message: 'retrying after resume' },
        });
      // The commons the wave paused at is judged again on probes taken from now on.
      else if (member.commons_id === current.paused_commons_id)
        memberChanges.push({ member, change: { message: 'resumed; waiting for a fresh probe' } });
    }
    return updateWaveWithMembers(
      context.database,
      current,
      { state: 'running', paused_reason: null, paused_commons_id: null },
      memberChanges,
    );
  });
  await recordWaveEvent(context.database, wave.id, 'resumed', null, withReason('resumed', by), by.email);
  return resumed;
}

async function findMember(context: AppContext, wave: WavesTable, commonsName: string) {
  const member = (await listWaveMembers(context.database, wave.id)).find(
    (candidate) => candidate.commons_name === commonsName,
  );
  if (!member)
    throw new InputError(`Commons "${commonsName}" is not in wave ${wave.name}.`, [
      { field: 'body.commons', message: 'is not a member of this wave' },
    ]);
  return member;
}

const SKIPPABLE_WAVE_STATES: WavesTable['state'][] = ['running', 'paused', 'awaiting_approval'];

/**
 * Leaves a commons out of the rest of the wave (where it is now stays as it is; a step under way finishes).
 * Saved under the member's version: a step the engine started meanwhile makes the skip decide again.
 */
export async function skipWaveCommons(
  context: AppContext,
  wave: WavesTable,
  commonsName: string,
  by: Actor,
): Promise<void> {
  let firstSeen: WaveMembersTable | undefined;
  const skipped = await onCurrentWave(context, wave, async (current) => {
    requireState(current, SKIPPABLE_WAVE_STATES, 'changed');
    const member = await findMember(context, current, commonsName);
    firstSeen ??= member;
    if (['done', 'skipped', 'rolled_back'].includes(member.state))
      throw new ConflictError(
        firstSeen.state === member.state
          ? `${commonsName} is already ${member.state} in this wave.`
          : `${commonsName} went from ${firstSeen.state} to ${member.state} while you asked; nothing to skip.`,
        'wave_member_state',
      );
    return updateWaveMember(
      context.database,
      member,
      { state: 'skipped', message: `skipped by ${by.email}` },
      { whileWaveIn: SKIPPABLE_WAVE_STATES },
    );
  });
  await recordWaveEvent(
    context.database,
    wave.id,
    'skipped',
    commonsName,
    withReason(`left at Gen3 ${skipped.release}`, by),
    by.email,
  );
}

/**
 * Asks for the current stage to be rolled back: the engine (which holds the wave) reverts each commons the
 * stage moved, so no step it has under way races the revert. The wave ends as rolled_back.
 */
export async function rollbackWaveStage(
  context: AppContext,
  wave: WavesTable,
  by: Actor,
): Promise<WavesTable> {
  const requested = await onCurrentWave(context, wave, async (current) => {
    requireState(current, ['running', 'paused', 'awaiting_approval'], 'rolled back');
    return updateWave(context.database, current, {
      state: 'rolling_back',
      paused_reason: null,
      paused_commons_id: null,
      soak_started_at: null,
      gate: `rollback requested by ${by.email}`,
    });
  });
  const stage = stagesOf(requested)[requested.current_stage]!;
  await recordWaveEvent(
    context.database,
    wave.id,
    'rollback-requested',
    null,
    withReason(`roll ${stage.name} back`, by),
    by.email,
  );
  return requested;
}

/**
 * A second person (not the wave's creator) approves the stage waiting with prod commons. A stage waits
 * only because its org required a second person when the wave was created, so the creator never approves.
 */
export async function approveWaveStage(
  context: AppContext,
  wave: WavesTable,
  by: Actor,
): Promise<WavesTable> {
  let stageName = '';
  const approved = await onCurrentWave(context, wave, async (current) => {
    requireState(current, ['awaiting_approval'], 'approved');
    if (by.id === current.created_by_id)
      throw new ForbiddenError(
        'This org requires a second person to approve prod stages: you created this wave. Ask another approver.',
        'approver_is_requester',
      );
    const stages = stagesOf(current);
    stages[current.current_stage] = { ...stages[current.current_stage]!, approvedBy: by.email };
    stageName = stages[current.current_stage]!.name;
    return updateWave(context.database, current, {
      state: 'running',
      stages: JSON.stringify(stages),
      gate: '',
    });
  });
  await recordWaveEvent(
    context.database,
    wave.id,
    'approved',
    null,
    withReason(`${stageName} approved`, by),
    by.email,
  );
  return approved;
}
