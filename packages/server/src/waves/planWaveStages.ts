// Splits a wave's selection into stages: the canary (named commons, or the first N by name), then batches
// of a count or a percentage of what remains. Frozen at creation, so a label changed mid-wave moves nothing.
import { InputError } from '../errors.ts';

export interface StageOptions {
  canary?: { commons?: string[]; count?: number };
  batch?: { count?: number; percent?: number };
}

export interface PlannedStage {
  name: string;
  /** Commons names, in name order. */
  commons: string[];
}

/** The stages of `selected` (commons names). Every name lands in exactly one stage. */
export function planWaveStages(selected: readonly string[], options: StageOptions = {}): PlannedStage[] {
  const names = [...selected].sort();
  const { canary, batch } = options;
  if (canary?.commons && canary.count !== undefined)
    throw new InputError('Name the canary commons or give their count, not both.', [
      { field: 'body.stages.canary', message: 'has both commons and count; keep one' },
    ]);
  if (batch?.count !== undefined && batch.percent !== undefined)
    throw new InputError('Give batches a count or a percentage, not both.', [
      { field: 'body.stages.batch', message: 'has both count and percent; keep one' },
    ]);
  let canaryNames: string[] = [];
  if (canary?.commons) {
    const missing = canary.commons.filter((name) => !names.includes(name));
    if (missing.length)
      throw new InputError(`The canary names commons the selector does not select: ${missing.join(', ')}.`, [
        { field: 'body.stages.canary.commons', message: `not selected: ${missing.join(', ')}` },
      ]);
    canaryNames = [...canary.commons].sort();
  } else if (canary?.count !== undefined) canaryNames = names.slice(0, canary.count);
  const rest = names.filter((name) => !canaryNames.includes(name));
  const size =
    batch?.count ??
    (batch?.percent !== undefined
      ? Math.max(1, Math.ceil((rest.length * batch.percent) / 100))
      : rest.length);
  const stages: PlannedStage[] = canaryNames.length ? [{ name: 'canary', commons: canaryNames }] : [];
  for (let start = 0; start < rest.length; start += size)
    stages.push({
      name: `batch ${stages.length + (canaryNames.length ? 0 : 1)}`,
      commons: rest.slice(start, start + size),
    });
  return stages;
}
