// How a wave's selection is split into stages, and how a maintenance window label is read.
import { describe, expect, it } from 'vitest';
import type { InputError } from '../errors.ts';
import { maintenanceWindowOf, parseMaintenanceWindow } from './maintenanceWindow.ts';
import { planWaveStages } from './planWaveStages.ts';

const fleet = ['c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07', 'c08', 'c09', 'c10'];

describe('planWaveStages', () => {
  it('puts the canary first, then batches by count or percentage, every commons once', () => {
    const byCount = planWaveStages(fleet, { canary: { commons: ['c07'] }, batch: { count: 4 } });
    expect(byCount).toEqual([
      { name: 'canary', commons: ['c07'] },
      { name: 'batch 1', commons: ['c01', 'c02', 'c03', 'c04'] },
      { name: 'batch 2', commons: ['c05', 'c06', 'c08', 'c09'] },
      { name: 'batch 3', commons: ['c10'] },
    ]);
    const byPercent = planWaveStages(fleet, { canary: { count: 1 }, batch: { percent: 50 } });
    expect(byPercent.map((stage) => stage.commons.length)).toEqual([1, 5, 4]);
    expect(planWaveStages(fleet)).toEqual([{ name: 'batch 1', commons: fleet }]);
  });

  it('refuses a canary outside the selection and contradictory options, naming the field', () => {
    expect(() => planWaveStages(fleet, { canary: { commons: ['other'] } })).toThrow(/not select: other/);
    try {
      planWaveStages(fleet, { batch: { count: 2, percent: 10 } });
    } catch (error) {
      expect((error as InputError).details?.[0]?.field).toBe('body.stages.batch');
    }
  });
});

describe('maintenance windows', () => {
  const at = (iso: string) => new Date(iso);
  it('opens daily, on named days, and across midnight', () => {
    expect(maintenanceWindowOf({}, at('2026-12-06T12:00:00Z')).open).toBe(true);
    const daily = { 'csoc.gen3.org/maintenance-window': '0200-0600' };
    expect(maintenanceWindowOf(daily, at('2026-12-06T03:00:00Z')).open).toBe(true);
    expect(maintenanceWindowOf(daily, at('2026-12-06T07:00:00Z')).open).toBe(false);
    // 2026-12-06 is a Sunday.
    const weekend = { 'csoc.gen3.org/maintenance-window': 'sat.sun_0200-0600' };
    expect(maintenanceWindowOf(weekend, at('2026-12-06T03:00:00Z')).open).toBe(true);
    expect(maintenanceWindowOf(weekend, at('2026-12-07T03:00:00Z')).open).toBe(false);
    const overnight = { 'csoc.gen3.org/maintenance-window': 'sun_2200-0200' };
    expect(maintenanceWindowOf(overnight, at('2026-12-06T23:00:00Z')).open).toBe(true);
    expect(maintenanceWindowOf(overnight, at('2026-12-07T01:00:00Z')).open).toBe(true);
    expect(maintenanceWindowOf(overnight, at('2026-12-07T23:00:00Z')).open).toBe(false);
  });

  it('keeps a commons with an unreadable window closed, saying how to write one', () => {
    expect(parseMaintenanceWindow('2-6')).toEqual({ error: expect.stringContaining('sat.sun_0200-0600') });
    expect(parseMaintenanceWindow('fun_0200-0600')).toEqual({
      error: expect.stringContaining('unknown day'),
    });
    const bad = maintenanceWindowOf({ 'csoc.gen3.org/maintenance-window': '9999-0000' }, new Date());
    expect(bad.open).toBe(false);
    expect(bad.error).toContain('out of range');
  });
});
