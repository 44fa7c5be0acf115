// A small hand-drawn SVG line chart (no chart library: the portal stays lean) for one or more series over
// evenly spaced steps. It is a figure with a caption; the SVG is an image whose name says what it shows,
// a short text states the figures that matter, and "Show as table" lists every step, so the chart is read
// out and not only seen. A missing value (a step without requests has no latency) is drawn as a gap.
import { Box, Group, Text } from '@mantine/core';
import { useId, useState } from 'react';
import { formatFigure, niceCeiling, plotSegments } from '../app/chartGeometry.ts';
import { DataTable, NOWRAP } from './DataTable.tsx';

export interface LineChartSeries {
  name: string;
  /** Any CSS colour; Mantine's variables (`var(--mantine-color-blue-6)`) follow the colour scheme. */
  color: string;
  /** One value per step, null where there is none. */
  values: ReadonlyArray<number | null>;
}

export interface LineChartProps {
  title: string;
  /** The unit of the values, shown on the axis and in the table's headings ("req/s", "ms"). */
  unit: string;
  /** The start of each step (ISO 8601), oldest first. */
  steps: readonly string[];
  stepSeconds: number;
  series: readonly LineChartSeries[];
  /** The figures that matter, in words; it is also the image's description. */
  summary: string;
  'data-testid'?: string;
}

const WIDTH = 640;
const HEIGHT = 180;
const PLOT = { left: 46, right: 10, top: 20, bottom: 24 };
const AREA = { width: WIDTH - PLOT.left - PLOT.right, height: HEIGHT - PLOT.top - PLOT.bottom };

/** Time of day when every step is within a day of the others; with the day when the steps span more. */
function stepLabel(iso: string, withDay: boolean): string {
  const date = new Date(iso);
  return withDay
    ? date.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
    : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function LineChart({ title, unit, steps, stepSeconds, series, summary, ...rest }: LineChartProps) {
  const id = useId();
  const [tableShown, setTableShown] = useState(false);
  const top = niceCeiling(
    Math.max(0, ...series.flatMap((line) => line.values.filter((value): value is number => value !== null))),
  );
  const ticks = [0, top / 2, top];
  // A 24-hour window starts yesterday: its first label needs the day as much as a week's does.
  const withDay = steps.length * stepSeconds > 12 * 3600;
  return (
    <Box component="figure" m={0} data-testid={rest['data-testid']} aria-labelledby={`${id}-title`}>
      <Group justify="space-between" align="baseline" gap="xs">
        <Text component="figcaption" id={`${id}-title`} fw={600} size="sm">
          {title}
        </Text>
        <Group gap="sm" aria-hidden>
          {series.map((line) => (
            <Group key={line.name} gap={4} wrap="nowrap">
              <Box w={12} h={3} style={{ background: line.color, borderRadius: 2 }} />
              <Text size="xs">{line.name}</Text>
            </Group>
          ))}
        </Group>
      </Group>
      <Text size="xs" c="dimmed" id={`${id}-summary`} data-testid="chart-summary">
        {summary}
      </Text>
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-summary`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ display: 'block', color: 'var(--mantine-color-dimmed)' }}
      >
        <g transform={`translate(${PLOT.left} ${PLOT.top})`}>
          {ticks.map((tick) => {
            const y = AREA.height - (tick / top) * AREA.height;
            return (
              <g key={tick}>
                <line x1={0} x2={AREA.width} y1={y} y2={y} stroke="currentColor" strokeOpacity={0.3} />
                <text x={-6} y={y + 4} textAnchor="end" fontSize={11} fill="currentColor">
                  {formatFigure(tick)}
                </text>
              </g>
            );
          })}
          {series.map((line) =>
            plotSegments(line.values, top, AREA).map((segment, index) =>
              segment.dot ? (
                <circle
                  key={`${line.name}-${index}`}
                  cx={segment.dot.x}
                  cy={segment.dot.y}
                  r={2.5}
                  fill={line.color}
                />
              ) : (
                <path
                  key={`${line.name}-${index}`}
                  d={segment.path}
                  fill="none"
                  stroke={line.color}
                  strokeWidth={1.8}
                  strokeLinejoin="round"
                />
              ),
            ),
          )}
          {steps.length > 0 && (
            <>
              <text x={0} y={AREA.height + 16} fontSize={11} fill="currentColor">
                {stepLabel(steps[0]!, withDay)}
              </text>
              <text x={AREA.width} y={AREA.height + 16} textAnchor="end" fontSize={11} fill="currentColor">
                {stepLabel(steps[steps.length - 1]!, withDay)}
              </text>
            </>
          )}
          <text x={-PLOT.left + 2} y={-10} fontSize={10} fill="currentColor">
            {unit}
          </text>
        </g>
      </svg>
      <details onToggle={(event) => setTableShown(event.currentTarget.open)}>
        <Text component="summary" size="xs" style={{ cursor: 'pointer' }}>
          Show {title.toLowerCase()} as a table
        </Text>
        {tableShown && (
          <DataTable
            label={`${title}, per step`}
            fz="xs"
            rows={steps.map((start, index) => ({ start, index }))}
            rowKey={(row) => row.start}
            columns={[
              {
                header: 'Step starting',
                cell: (row) => stepLabel(row.start, withDay),
                cellProps: NOWRAP,
              },
              ...series.map((line) => ({
                header: `${line.name} (${unit})`,
                cell: (row: { index: number }) => formatFigure(line.values[row.index] ?? null),
              })),
            ]}
          />
        )}
      </details>
    </Box>
  );
}
