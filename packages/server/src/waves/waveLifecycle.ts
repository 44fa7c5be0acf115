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
import { planWaveStages, type StageOptions } from './planWaveStages.ts';
import {
  insertWave,
  listWaveMembers,
  recordWaveEvent,
  stagesOf,
  updateWave,
  updateWaveMember,
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
      });
    });
    return {
      name: stage.name,
      needsApproval: hasProd && context.config.approvalSeparateApprover,
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

export async function pauseWave(context: AppContext, wave: WavesTable, by: Actor): Promise<WavesTable> {
  requireState(wave, ['running', 'awaiting_approval'], 'paused');
  const paused = await updateWave(context.database, wave, {
    state: 'paused',
    paused_reason: `paused by ${by.email}`,
    paused_commons_id: null,
    soak_started_at: null,
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

/** Resumes a paused wave; a commons whose step failed is retried (its current revision deployed again). */
export async function resumeWave(context: AppContext, wave: WavesTable, by: Actor): Promise<WavesTable> {
  requireState(wave, ['paused'], 'resumed');
  for (const member of await listWaveMembers(context.database, wave.id)) {
    // The commons the wave paused at is judged again on probes taken from now on.
    if (member.commons_id === wave.paused_commons_id && member.state !== 'failed')
      await updateWaveMember(context.database, member, { message: 'resumed; waiting for a fresh probe' });
    if (member.state === 'failed')
      await updateWaveMember(context.database, member, {
        state: 'starting',
        message: 'retrying after resume',
      });
  }
  const resumed = await updateWave(context.database, wave, {
    state: 'running',
    paused_reason: null,
    paused_commons_id: null,
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

/** Leaves a commons out of the rest of the wave (where it is now stays as it is). */
export async function skipWaveCommons(
  context: AppContext,
  wave: WavesTable,
  commonsName: string,
  by: Actor,
): Promise<void> {
  requireState(wave, ['running', 'paused', 'awaiting_approval'], 'changed');
  const member = await findMember(context, wave, commonsName);
  if (['done', 'skipped', 'rolled_back'].includes(member.state))
    throw new ConflictError(`${commonsName} is already ${member.state} in this wave.`, 'wave_member_state');
  await updateWaveMember(context.database, member, { state: 'skipped', message: `skipped by ${by.email}` });
  await recordWaveEvent(
    context.database,
    wave.id,
    'skipped',
    commonsName,
    withReason(`left at Gen3 ${member.release}`, by),
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
  requireState(wave, ['running', 'paused', 'awaiting_approval'], 'rolled back');
  const requested = await updateWave(context.database, wave, {
    state: 'rolling_back',
    paused_reason: null,
    paused_commons_id: null,
    soak_started_at: null,
    gate: `rollback requested by ${by.email}`,
  });
  const stage = stagesOf(wave)[wave.current_stage]!;
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

/** A second person (not the wave's creator) approves the stage waiting with prod commons. */
export async function approveWaveStage(
  context: AppContext,
  wave: WavesTable,
  by: Actor,
): Promise<WavesTable> {
  requireState(wave, ['awaiting_approval'], 'approved');
  if (context.config.approvalSeparateApprover && by.id === wave.created_by_id)
    throw new ForbiddenError(
      'This CSOC requires a second person to approve: you created this wave. Ask another approver.',
      'approver_is_requester',
    );
  const stages = stagesOf(wave);
  stages[wave.current_stage] = { ...stages[wave.current_stage]!, approvedBy: by.email };
  const approved = await updateWave(context.database, wave, {
    state: 'running',
    stages: JSON.stringify(stages),
    gate: '',
  });
  await recordWaveEvent(
    context.database,
    wave.id,
    'approved',
    null,
    withReason(`${stages[wave.current_stage]!.name} approved`, by),
    by.email,
  );
  return approved;
}
