// A stage's state in a word, as the wave page shows it beside each stage.
import { describe, expect, it } from 'vitest';
import type { Wave } from '../../api/waveQueries.ts';
import { stageStateOf } from './waveDisplay.ts';

const wave = (state: Wave['state'], currentStage: number, members: [number, string][]) =>
  ({
    state,
    currentStage,
    members: members.map(([stage, memberState]) => ({ stage, state: memberState })),
  }) as unknown as Wave;

describe('stageStateOf', () => {
  it('says where each stage stands from the wave and its commons', () => {
    const paused = wave('paused', 1, [
      [0, 'done'],
      [1, 'upgrading'],
      [1, 'pending'],
      [2, 'pending'],
    ]);
    expect([0, 1, 2].map((stage) => stageStateOf(paused, stage))).toEqual(['done', 'paused', 'waiting']);
    expect(stageStateOf(wave('awaiting_approval', 0, [[0, 'pending']]), 0)).toBe('awaiting approval');
    expect(stageStateOf(wave('running', 0, [[0, 'failed']]), 0)).toBe('failed');
    expect(stageStateOf(wave('rolled_back', 1, [[1, 'rolled_back']]), 1)).toBe('rolled back');
    expect(stageStateOf(wave('completed', 1, [[1, 'done']]), 1)).toBe('done');
  });
});
