// Advances one running wave by one look (or carries out the rollback an operator asked for) (the wave's lease holder calls it every tick): follows the deploys
// its commons are in, starts the next release step of each (as the upgrade plan orders releases), starts
// more commons of the stage up to maxParallel inside their maintenance windows, pauses at the first
// commons that fails or degrades, and moves to the next stage once the health gate held for the soak time.
// Every step is read back from the database, so another process (or this one after a restart) continues it.
import type { CommonsSpec } from '@csoc/common';
import { findCommonsById, findCommonsByIds } from '../commons/commonsStore.ts';
import type { CommonsTable } from '../commons/commonsTables.ts';
import { nowIso } from '../db/schema.ts';
import { findDeployStatuses } from '../gitops/deploys/deployStatuses.ts';
import { nextRelease, planUpgrade } from '../gitops/releases/releaseCatalog.ts';
import type { AppContext } from '../http/appContext.ts';
import { deployReleases, inParallel } from './deployRelease.ts';
import { maintenanceWindowOf } from './maintenanceWindow.ts';
import { performStageRollback } from './waveRollback.ts';
import { judgeStageGate, probeVerdict } from './waveHealthGate.ts';
import {
  findWaveById,
  listWaveMembers,
  recordWaveEvent,
  stagesOf,
  updateWave,
  updateWaveMember,
  WaveChangedError,
} from './waveStore.ts';
import type { WaveMembersTable, WavesTable } from './waveTables.ts';

const ACTIVE = ['starting', 'upgrading'];
const FINISHED = ['done', 'skipped'];
/** Member bookkeeping (database writes) at once within one look; the git work is one commit (ADR 0044). */
const BOOKKEEPING_CONCURRENCY = 8;

function releaseOf(commons: CommonsTable): string | undefined {
  return (JSON.parse(commons.spec) as CommonsSpec).gen3?.release;
}

/** Pauses the wave at `member` with the reason, and says so on the timeline. */
async function pauseAt(context: AppContext, wave: WavesTable, member: WaveMembersTable, reason: string) {
  await updateWave(context.database, wave, {
    state: 'paused',
    paused_reason: reason,
    paused_commons_id: member.commons_id,
    soak_started_at: null,
    gate: '',
  });
  await recordWaveEvent(context.database, wave.id, 'paused', member.commons_name, reason);
  context.logger.warn(
    { wave: wave.name, commons: member.commons_name, reason },
    'release wave paused itself',
  );
}

/** The member and why the wave stops there. */
interface StepFailure {
  member: WaveMembersTable;
  reason: string;
}

/**
 * Decides each member's next release (a member already `starting` keeps the one it wrote: a restart
 * finishes it) and marks it `starting` before anything is deployed, so a process that dies mid-look never
 * takes a step twice. A member already at the target is done instead.
 */
async function claimNextReleases(context: AppContext, wave: WavesTable, members: WaveMembersTable[]) {
  const commonsById = new Map(
    (
      await findCommonsByIds(
        context.database.db,
        members.map((member) => member.commons_id),
      )
    ).map((row) => [row.id, row]),
  );
  return inParallel(
    members,
    BOOKKEEPING_CONCURRENCY,
    async (member): Promise<WaveMembersTable | StepFailure | undefined> => {
      if (member.state === 'starting') return member;
      try {
        const commons =
          commonsById.get(member.commons_id) ??
          (await findCommonsById(context.database.db, member.commons_id));
        const current = releaseOf(commons) ?? member.release;
        if (current === wave.target_release) {
          await updateWaveMember(context.database, member, {
            state: 'done',
            release: current,
            message: 'at the target release',
          });
          return undefined;
        }
        const next = nextRelease(current);
        if (!next)
          return { member, reason: `${member.commons_name} runs ${current}, which has no next release` };
        planUpgrade(current, next.version); // refuses anything but one step forward
        return await updateWaveMember(context.database, member, {
          state: 'starting',
          release: next.version,
          message: `moving ${current} → ${next.version}`,
        });
      } catch (error) {
        // A person skipped the member or paused the wave since this look read it: theirs stands, and the
        // next look decides again (ADR 0050). Not a failure to pause at.
        if (error instanceof WaveChangedError) return undefined;
        return { member, reason: `${member.commons_name}: ${(error as Error).message}` };
      }
    },
  );
}

/**
 * Starts (or, after a restart, finishes starting) the next release step of every member given, all in one
 * commit (ADR 0044): one deploy record, diff and revision per commons. Returns the first failure once every
 * other step is recorded; the caller pauses the wave there.
 */
async function startSteps(
  context: AppContext,
  wave: WavesTable,
  members: WaveMembersTable[],
): Promise<StepFailure | undefined> {
  if (members.length === 0) return undefined;
  const claimed = await claimNextReleases(context, wave, members);
  const failures = claimed.filter((item): item is StepFailure => !!item && 'reason' in item);
  const starting = claimed.filter((item): item is WaveMembersTable => !!item && !('reason' in item));
  const stage = stagesOf(wave)[wave.current_stage]!;
  const outcomes = await deployReleases(
    context,
    wave,
    starting.map((member) => ({ member, release: member.release })),
    `Release wave ${wave.name}, ${stage.name}`,
    (move) => `Release wave ${wave.name}, ${stage.name}: Gen3 ${move.release}`,
  );
  const recorded = await inParallel(starting, BOOKKEEPING_CONCURRENCY, async (member, index) => {
    const outcome = outcomes[index]!;
    try {
      if (outcome.error) throw outcome.error;
      const { deploy } = outcome;
      await updateWaveMember(context.database, member, {
        state: deploy.status === 'failed' ? 'failed' : 'upgrading',
        deploy_id: deploy.id,
        message: deploy.message,
      });
      await recordWaveEvent(
        context.database,
        wave.id,
        'step',
        member.commons_name,
        `Gen3 ${member.release}: ${deploy.message}`,
      );
      return deploy.status === 'failed'
        ? { member, reason: `${member.commons_name}: ${deploy.message}` }
        : undefined;
    } catch (error) {
      if (error instanceof WaveChangedError) return undefined; // skipped meanwhile: the skip stands
      const reason = `${member.commons_name}: ${(error as Error).message}`;
      await updateWaveMember(context.database, member, { state: 'failed', message: reason });
      return { member, reason };
    }
  });
  return [...failures, ...recorded.filter((item): item is StepFailure => !!item)][0];
}

/** One look at a running wave. Returns without doing anything when it is not running. */
export async function advanceWave(context: AppContext, waveId: string, now = new Date()): Promise<void> {
  const { database } = context;
  let wave = await findWaveById(database, waveId);
  if (wave?.state === 'rolling_back') return performStageRollback(context, wave);
  if (!wave || wave.state !== 'running') return;
  const stages = stagesOf(wave);
  if (wave.current_stage >= stages.length) {
    await updateWave(database, wave, { state: 'completed', gate: '' });
    await recordWaveEvent(
      database,
      wave.id,
      'completed',
      null,
      `every stage passed; target Gen3 ${wave.target_release}`,
    );
    return;
  }
  const stage = stages[wave.current_stage]!;
  if (stage.needsApproval && !stage.approvedBy) {
    await updateWave(database, wave, {
      state: 'awaiting_approval',
      gate: `${stage.name} has prod commons: a second person approves it`,
    });
    await recordWaveEvent(
      database,
      wave.id,
      'awaiting-approval',
      null,
      `${stage.name} waits for a second person's approval`,
    );
    return;
  }
  let members = (await listWaveMembers(database, wave.id)).filter(
    (member) => member.stage === wave!.current_stage,
  );

  // Follow what is under way.
  const deploys = await findDeployStatuses(
    database,
    members
      .filter((member) => member.state === 'upgrading' && member.deploy_id)
      .map((member) => member.deploy_id!),
  );
  /** Members whose next step this look starts, all in one commit. */
  const steps: WaveMembersTable[] = [];
  for (const [index, member] of members.entries()) {
    try {
      if (member.state === 'starting') {
        steps.push(member);
        continue;
      }
      if (member.state === 'failed') return pauseAt(context, wave, member, member.message);
      if (member.state !== 'upgrading') continue;
      const deploy = deploys.get(member.deploy_id!);
      if (!deploy || !deploy.finishedAt) continue;
      if (deploy.status === 'healthy') {
        // Each step counts once the commons' probes judged it healthy after its deploy finished.
        // Probes count from the later of the deploy's end and the member's last change (a resume asks
        // for a fresh probe, so the one that paused the wave does not pause it again).
        const since =
          Date.parse(member.updated_at) > Date.parse(deploy.finishedAt)
            ? member.updated_at
            : deploy.finishedAt;
        const verdict = await probeVerdict(context, member, since);
        if (verdict.kind === 'degraded') return pauseAt(context, wave, member, verdict.reason);
        if (verdict.kind === 'hold') {
          if (member.message !== verdict.reason)
            members[index] = await updateWaveMember(database, member, { message: verdict.reason });
          continue;
        }
        if (member.release === wave.target_release) {
          members[index] = await updateWaveMember(database, member, {
            state: 'done',
            message: deploy.message,
          });
          await recordWaveEvent(database, wave.id, 'done', member.commons_name, `at Gen3 ${member.release}`);
        } else steps.push(members[index]!);
        continue;
      }
      const reason = `${member.commons_name}: deploy ${deploy.id} is ${deploy.status}: ${deploy.message}`;
      await updateWaveMember(database, member, { state: 'failed', message: reason });
      return pauseAt(context, wave, member, reason);
    } catch (error) {
      const reason = `${member.commons_name}: ${(error as Error).message}`;
      await updateWaveMember(database, member, { state: 'failed', message: reason });
      return pauseAt(context, wave, member, reason);
    }
  }
  // A commons that finished and then degrades stops the wave before anything else starts.
  for (const member of members.filter((candidate) => candidate.state === 'done' && candidate.deploy_id)) {
    const verdict = await probeVerdict(context, member, member.updated_at);
    if (verdict.kind === 'degraded') return pauseAt(context, wave, member, verdict.reason);
  }

  // Start more of the stage, inside each commons' maintenance window.
  members = (await listWaveMembers(database, wave.id)).filter(
    (member) => member.stage === wave!.current_stage,
  );
  // Steps collected above are members already starting or upgrading: counted here once.
  let active = members.filter((member) => ACTIVE.includes(member.state)).length;
  const waiting = members.filter((member) => member.state === 'pending' || member.state === 'deferred');
  const labelsOf = new Map(
    (
      await findCommonsByIds(
        database.db,
        waiting.map((member) => member.commons_id),
      )
    ).map((row) => [row.id, JSON.parse(row.labels) as Record<string, string>]),
  );
  for (const member of waiting) {
    if (active >= wave.max_parallel) break;
    const window = maintenanceWindowOf(labelsOf.get(member.commons_id) ?? {}, now);
    if (!window.open) {
      const message = window.error ?? `outside its maintenance window ${window.window} (UTC); deferred`;
      if (member.state !== 'deferred' || member.message !== message) {
        await updateWaveMember(database, member, { state: 'deferred', message });
        await recordWaveEvent(database, wave.id, 'deferred', member.commons_name, message);
      }
      continue;
    }
    steps.push(member);
    active += 1;
  }
  // Every step of this look in one commit (ADR 0044); the first failure pauses the wave once the others
  // are recorded.
  const failure = await startSteps(context, wave, steps);
  if (failure) return pauseAt(context, wave, failure.member, failure.reason);

  // The gate, once every commons of the stage is done (or skipped).
  members = (await listWaveMembers(database, wave.id)).filter(
    (member) => member.stage === wave!.current_stage,
  );
  if (!members.every((member) => FINISHED.includes(member.state))) return;
  const verdict = await judgeStageGate(context, members);
  if (verdict.kind === 'degraded') return pauseAt(context, wave, verdict.commons, verdict.reason);
  if (verdict.kind === 'hold') {
    if (wave.gate !== verdict.reason || wave.soak_started_at)
      await updateWave(database, wave, { gate: verdict.reason, soak_started_at: null });
    return;
  }
  if (!wave.soak_started_at) {
    wave = await updateWave(database, wave, {
      soak_started_at: nowIso(),
      gate: `healthy; soaking for ${wave.soak_seconds} s`,
    });
    await recordWaveEvent(
      database,
      wave.id,
      'soaking',
      null,
      `${stage.name} is healthy; soaking ${wave.soak_seconds} s`,
    );
  }
  if (now.getTime() - Date.parse(wave.soak_started_at!) < wave.soak_seconds * 1000) return;
  const last = wave.current_stage + 1 >= stages.length;
  wave = await updateWave(database, wave, {
    current_stage: wave.current_stage + 1,
    soak_started_at: null,
    gate: '',
    ...(last ? { state: 'completed' as const } : {}),
  });
  await recordWaveEvent(database, wave.id, 'stage-passed', null, `${stage.name} passed its health gate`);
  if (last)
    await recordWaveEvent(
      database,
      wave.id,
      'completed',
      null,
      `every stage passed; target Gen3 ${wave.target_release}`,
    );
}
