// How the wave pages colour a wave's and a commons' state, and what each stage amounts to.
import type { Wave, WaveMember } from '../../api/waveQueries.ts';

export const WAVE_STATE_COLORS: Record<Wave['state'], string> = {
  running: 'blue',
  paused: 'orange',
  awaiting_approval: 'yellow',
  rolling_back: 'grape',
  completed: 'green',
  rolled_back: 'gray',
};

export const MEMBER_STATE_COLORS: Record<WaveMember['state'], string> = {
  pending: 'gray',
  deferred: 'yellow',
  starting: 'blue',
  upgrading: 'blue',
  done: 'green',
  failed: 'red',
  skipped: 'gray',
  rolled_back: 'grape',
};

/** A stage's state in a word, from where the wave is and what its commons did. */
export function stageStateOf(wave: Wave, stageIndex: number): string {
  const members = wave.members.filter((member) => member.stage === stageIndex);
  if (members.some((member) => member.state === 'failed')) return 'failed';
  if (members.length > 0 && members.every((member) => member.state === 'rolled_back')) return 'rolled back';
  if (stageIndex < wave.currentStage) return 'done';
  if (stageIndex > wave.currentStage) return 'waiting';
  if (wave.state === 'awaiting_approval') return 'awaiting approval';
  if (wave.state === 'completed') return 'done';
  return wave.state.replace('_', ' ');
}
