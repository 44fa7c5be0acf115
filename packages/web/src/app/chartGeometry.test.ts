import { describe, expect, it } from 'vitest';
import { formatFigure, niceCeiling, plotSegments } from './chartGeometry.ts';

describe('the geometry of the portal charts', () => {
  it('tops the value axis at a round figure at or above the largest value', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(Number.NaN)).toBe(1);
    expect(niceCeiling(0.8)).toBe(1);
    expect(niceCeiling(1)).toBe(1);
    expect(niceCeiling(1.2)).toBe(2);
    expect(niceCeiling(2.2)).toBe(2.5);
    expect(niceCeiling(37)).toBe(50);
    expect(niceCeiling(740)).toBe(1000);
    expect(niceCeiling(0.031)).toBe(0.05);
  });

  it('draws a missing value as a gap, and a lone value between gaps as a dot', () => {
    const segments = plotSegments([1, null, 2, 3], 4, { width: 300, height: 100 });
    expect(segments).toEqual([{ path: 'M0 75', dot: { x: 0, y: 75 } }, { path: 'M200 50 L300 25' }]);
  });

  it('puts zero on the bottom edge and clamps values above the top to the top edge', () => {
    const [segment] = plotSegments([0, 10], 5, { width: 100, height: 50 });
    expect(segment!.path).toBe('M0 50 L100 0');
  });

  it('draws nothing for a series without a value', () => {
    expect(plotSegments([null, null], 1, { width: 100, height: 50 })).toEqual([]);
  });

  it('writes figures short enough for an axis: 3 significant digits, k and M', () => {
    expect(formatFigure(null)).toBe('—');
    expect(formatFigure(0)).toBe('0');
    expect(formatFigure(0.12345)).toBe('0.123');
    expect(formatFigure(12.5)).toBe('12.5');
    expect(formatFigure(250)).toBe('250');
    expect(formatFigure(2500)).toBe('2500');
    expect(formatFigure(25_000)).toBe('25k');
    expect(formatFigure(1_234_567)).toBe('1.23M');
  });
});
