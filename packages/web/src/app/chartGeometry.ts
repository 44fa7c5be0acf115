// The arithmetic of the portal's small SVG line charts: a "nice" top of the value axis, and each series
// as path segments that break where a value is missing (a step without requests has no latency), so a
// gap is drawn as a gap instead of a line through zero.

/** The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `value`; 1 when nothing is above zero. */
export function niceCeiling(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 2.5, 5, 10])
    if (factor * magnitude >= value * (1 - 1e-9)) return factor * magnitude;
  return 10 * magnitude;
}

export interface PlotArea {
  width: number;
  height: number;
}

export interface PlottedSegment {
  /** An SVG path (`M x y L x y ...`) of two or more points, or of one point drawn as a dot. */
  path: string;
  /** The lone point of a one-point segment, to draw as a dot (a path of one point shows nothing). */
  dot?: { x: number; y: number };
}

const coordinate = (value: number) => Math.round(value * 10) / 10;

/**
 * Places `values` (one per step, null where missing) evenly across `area`, 0 at the bottom and `top` at the
 * top, and returns one segment per run of present values.
 *
 * @example
 * plotSegments([1, null, 2, 3], 4, { width: 300, height: 100 })
 * // → [{ path: 'M0 75', dot: { x: 0, y: 75 } }, { path: 'M200 50 L300 25' }]
 */
export function plotSegments(
  values: ReadonlyArray<number | null>,
  top: number,
  area: PlotArea,
): PlottedSegment[] {
  const step = values.length > 1 ? area.width / (values.length - 1) : 0;
  const segments: Array<Array<{ x: number; y: number }>> = [];
  let current: Array<{ x: number; y: number }> | undefined;
  values.forEach((value, index) => {
    if (value === null || !Number.isFinite(value)) {
      current = undefined;
      return;
    }
    const y = area.height - (Math.min(Math.max(value, 0), top) / top) * area.height;
    const point = { x: coordinate(index * step), y: coordinate(y) };
    if (!current) segments.push((current = []));
    current.push(point);
  });
  return segments.map((points) => ({
    path: points.map((point, index) => `${index ? 'L' : 'M'}${point.x} ${point.y}`).join(' '),
    ...(points.length === 1 ? { dot: points[0] } : {}),
  }));
}

/** A figure for an axis label or a table cell: up to 3 significant digits, thousands as k, millions as M. */
export function formatFigure(value: number | null): string {
  if (value === null) return '—';
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e4) return `${trim(value / 1e3)}k`;
  if (abs >= 100 || Number.isInteger(value)) return String(Math.round(value));
  return trim(value);
}

const trim = (value: number) => String(Number(value.toPrecision(3)));
