// Rolling a wave's current stage back, as the engine carries it out: each commons the stage moved gets the
// release it started from written back and deployed (a revert commit, recorded as a deploy); commons the
// stage never touched stay as they are. Safe to repeat after a restart: a reverted commons is not redone.
import { deployRelease } from './deployRelease.ts';
import type { AppContext } from '../http/appContext.ts';
import { listWaveMembers, recordWaveEvent, stagesOf, updateWave, updateWaveMember } from './waveStore.ts';
import type { WavesTable } from './waveTables.ts';

export async function performStageRollback(context: AppContext, wave: WavesTable): Promise<void> {
  const stage = stagesOf(wave)[wave.current_stage]!;
  const members = (await listWaveMembers(context.database, wave.id)).filter(
    (member) => member.stage === wave.current_stage,
  );
  for (const member of members) {
    // A commons counts as moved once its step began (its spec may already name the new release).
    const moved =
      member.from_release !== '' &&
      member.release !== member.from_release &&
      ['starting', 'upgrading', 'done', 'failed'].includes(member.state);
    if (!moved) continue;
    const deploy = await deployRelease(
      context,
      wave,
      member,
      member.from_release,
      `Rollback of release wave ${wave.name}, ${stage.name}: back to Gen3 ${member.from_release}`,
    );
    await updateWaveMember(context.database, member, {
      state: 'rolled_back',
      release: member.from_release,
      deploy_id: deploy.id,
      message: deploy.message,
    });
    await recordWaveEvent(
      context.database,
      wave.id,
      'rolled-back',
      member.commons_name,
      `back to Gen3 ${member.from_release}: deploy ${deploy.id}`,
    );
  }
  await updateWave(context.database, wave, { state: 'rolled_back', gate: '' });
  await recordWaveEvent(context.database, wave.id, 'rolled-back', null, `${stage.name} rolled back`);
}
