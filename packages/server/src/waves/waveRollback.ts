// Rolling a wave's current stage back, as the engine carries it out: each commons the stage moved gets the
// release it started from written back and deployed; all of them in one new commit that restores each
// commons' folder (never a `git revert` of a shared step commit, which would move commons outside the
// stage too), with one deploy record and diff per commons. Commons the stage never touched stay as they
// are. Safe to repeat after a restart: a reverted commons is not redone.
import { deployReleases, inParallel } from './deployRelease.ts';
import type { AppContext } from '../http/appContext.ts';
import { listWaveMembers, recordWaveEvent, stagesOf, updateWave, updateWaveMember } from './waveStore.ts';
import type { WavesTable } from './waveTables.ts';

/** Member bookkeeping at once; the git work is one commit. */
const BOOKKEEPING_CONCURRENCY = 8;

export async function performStageRollback(context: AppContext, wave: WavesTable): Promise<void> {
  const stage = stagesOf(wave)[wave.current_stage]!;
  const members = (await listWaveMembers(context.database, wave.id)).filter(
    (member) => member.stage === wave.current_stage,
  );
  // A commons counts as moved once its step began (its spec may already name the new release).
  const moved = members.filter(
    (member) =>
      member.from_release !== '' &&
      member.release !== member.from_release &&
      ['starting', 'upgrading', 'done', 'failed'].includes(member.state),
  );
  const outcomes = await deployReleases(
    context,
    wave,
    moved.map((member) => ({ member, release: member.from_release })),
    `Rollback of release wave ${wave.name}, ${stage.name}`,
    (move) => `Rollback of release wave ${wave.name}, ${stage.name}: back to Gen3 ${move.release}`,
  );
  // A commons whose revert could not be written or rendered stays as it is and blocks the end of the
  // rollback: the next look tries it again (the others are not redone).
  const failures: string[] = [];
  await inParallel(moved, BOOKKEEPING_CONCURRENCY, async (member, index) => {
    const outcome = outcomes[index]!;
    if (outcome.error) {
      failures.push(`${member.commons_name}: ${outcome.error.message}`);
      return;
    }
    await updateWaveMember(context.database, member, {
      state: 'rolled_back',
      release: member.from_release,
      deploy_id: outcome.deploy.id,
      message: outcome.deploy.message,
    });
    await recordWaveEvent(
      context.database,
      wave.id,
      'rolled-back',
      member.commons_name,
      `back to Gen3 ${member.from_release}: deploy ${outcome.deploy.id}`,
    );
  });
  if (failures.length) throw new Error(`rolling back ${stage.name} failed for ${failures.join('; ')}`);
  await updateWave(context.database, wave, { state: 'rolled_back', gate: '' });
  await recordWaveEvent(context.database, wave.id, 'rolled-back', null, `${stage.name} rolled back`);
}
