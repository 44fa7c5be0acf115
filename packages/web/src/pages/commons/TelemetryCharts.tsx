// The telemetry part of a commons' Monitoring tab: what its OTLP agent sent, as charts of requests, 5xx
// errors, latency percentiles (p50/p95/p99), logins and downloads over 1 h, 24 h, 7 d or 30 d, for the
// whole commons or one service. Until anything arrives it says so and how to connect the agent.
import {
  Alert,
  Code,
  Group,
  List,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { TelemetrySeries, TelemetryWindow } from '../../api/apiShapes.ts';
import { telemetryQueries } from '../../api/telemetryQueries.ts';
import { formatFigure } from '../../app/chartGeometry.ts';
import { stepInWords, telemetryTotals } from '../../app/telemetryTotals.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LineChart } from '../../components/LineChart.tsx';

const WINDOWS: ReadonlyArray<{ value: TelemetryWindow; label: string; words: string; refreshMs: number }> = [
  { value: '1h', label: '1 hour', words: 'hour', refreshMs: 15_000 },
  { value: '24h', label: '24 hours', words: '24 hours', refreshMs: 60_000 },
  { value: '7d', label: '7 days', words: '7 days', refreshMs: 300_000 },
  { value: '30d', label: '30 days', words: '30 days', refreshMs: 300_000 },
];
const ALL_SERVICES = '';

export function TelemetryCharts({ org, name }: { org: string; name: string }) {
  const [span, setSpan] = useState<TelemetryWindow>('1h');
  const [service, setService] = useState<string>(ALL_SERVICES);
  const { refreshMs } = WINDOWS.find((option) => option.value === span)!;
  // The whole commons always: it lists the services that sent in the window, for the service picker.
  const whole = useQuery({
    ...telemetryQueries.series(org, name, span, null),
    refetchInterval: refreshMs,
    placeholderData: keepPreviousData,
  });
  const oneService = useQuery({
    ...telemetryQueries.series(org, name, span, service || null),
    enabled: service !== ALL_SERVICES,
    refetchInterval: refreshMs,
    placeholderData: keepPreviousData,
  });
  const shown = service === ALL_SERVICES ? whole : oneService;
  const services = [...new Set([...(whole.data?.services ?? []), ...(service ? [service] : [])])].sort();

  return (
    <Stack gap="sm" data-testid="telemetry" data-window={shown.data?.window} data-service={service || 'all'}>
      <Group justify="space-between" align="end">
        <Title order={3} size="h4">
          Telemetry
        </Title>
        <Group gap="sm" align="end">
          <Select
            label="Service"
            size="xs"
            w={180}
            value={service}
            onChange={(value) => setService(value ?? ALL_SERVICES)}
            allowDeselect={false}
            data={[
              { value: ALL_SERVICES, label: 'Whole commons' },
              ...services.map((value) => ({ value, label: value })),
            ]}
          />
          <SegmentedControl
            aria-label="Telemetry window"
            size="xs"
            value={span}
            onChange={(value) => setSpan(value as TelemetryWindow)}
            data={WINDOWS.map(({ value, label }) => ({ value, label }))}
          />
        </Group>
      </Group>
      <ErrorAlert error={shown.error} title="Could not read the telemetry of this commons" />
      {whole.data && whole.data.lastReceivedAt === null ? (
        <NoTelemetryYet org={org} name={name} />
      ) : (
        shown.data && (
          <Charts series={shown.data} words={WINDOWS.find((option) => option.value === span)!.words} />
        )
      )}
    </Stack>
  );
}

/** The four charts of one window, with what was received in words above them. */
function Charts({ series, words }: { series: TelemetrySeries; words: string }) {
  const totals = telemetryTotals(series.points);
  const of = series.service ? ` of ${series.service}` : '';
  const ms = (value: number | null) => (value === null ? '—' : `${formatFigure(value)} ms`);
  return (
    <>
      <Text size="sm" c="dimmed" data-testid="telemetry-received">
        {series.points.length} steps of {stepInWords(series.stepSeconds)}
        {series.lastReceivedAt && ` · last received ${new Date(series.lastReceivedAt).toLocaleString()}`}
        {Object.keys(series.sources).length > 0 &&
          ` · request figures from ${Object.entries(series.sources)
            .map(([name, source]) => `${name} (${source})`)
            .join(', ')}`}
      </Text>
      {totals.requests === 0 && totals.logins === 0 && totals.downloads === 0 && (
        <Text size="sm">
          Nothing received{of} in the last {words}.
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <TelemetryChart
          series={series}
          testId="chart-requests"
          title="Requests"
          unit="req/s"
          lines={[{ name: 'requests per second', color: 'blue-6', field: 'requestsPerSecond' }]}
          summary={`${totals.requests.toLocaleString()} requests${of} in the last ${words}; peak ${formatFigure(totals.peakRequestsPerSecond)} per second.`}
        />
        <TelemetryChart
          series={series}
          testId="chart-errors"
          title="Errors"
          unit="5xx"
          lines={[{ name: '5xx answers', color: 'red-6', field: 'errors' }]}
          summary={`${totals.errors.toLocaleString()} answered 5xx${
            totals.errorRatePercent === null ? '' : ` (${totals.errorRatePercent}% of requests)`
          }.`}
        />
        <TelemetryChart
          series={series}
          testId="chart-latency"
          title="Latency"
          unit="ms"
          lines={[
            { name: 'p50', color: 'teal-6', field: 'p50Ms' },
            { name: 'p95', color: 'orange-6', field: 'p95Ms' },
            { name: 'p99', color: 'grape-6', field: 'p99Ms' },
          ]}
          summary={
            totals.worstP95Ms === null
              ? 'No request in this window.'
              : `Slowest step: p50 ${ms(totals.worstP50Ms)}, p95 ${ms(totals.worstP95Ms)}, p99 ${ms(totals.worstP99Ms)}.`
          }
        />
        <TelemetryChart
          series={series}
          testId="chart-logins-downloads"
          title="Logins and downloads"
          unit="per step"
          lines={[
            { name: 'logins', color: 'indigo-6', field: 'logins' },
            { name: 'downloads', color: 'cyan-7', field: 'downloads' },
          ]}
          summary={`${totals.logins.toLocaleString()} logins and ${totals.downloads.toLocaleString()} downloads in the last ${words}.`}
        />
      </SimpleGrid>
    </>
  );
}

/** A figure of the series drawn as one line of a chart. */
type PointField = 'requestsPerSecond' | 'errors' | 'p50Ms' | 'p95Ms' | 'p99Ms' | 'logins' | 'downloads';

interface TelemetryChartProps {
  series: TelemetrySeries;
  testId: string;
  title: string;
  unit: string;
  /** Each line: its legend name, a Mantine color (`blue-6`), and the figure of each point it draws. */
  lines: ReadonlyArray<{ name: string; color: string; field: PointField }>;
  summary: string;
}

/** One chart of the window: every line read from the same points, on the same steps. */
function TelemetryChart({ series, testId, title, unit, lines, summary }: TelemetryChartProps) {
  return (
    <LineChart
      data-testid={testId}
      title={title}
      unit={unit}
      steps={series.points.map((point) => point.start)}
      stepSeconds={series.stepSeconds}
      series={lines.map((line) => ({
        name: line.name,
        color: `var(--mantine-color-${line.color})`,
        values: series.points.map((point) => point[line.field]),
      }))}
      summary={summary}
    />
  );
}

/** Nothing ever arrived from this commons: how its telemetry agent is connected. */
function NoTelemetryYet({ org, name }: { org: string; name: string }) {
  return (
    <Alert color="gray" title="No telemetry received yet" data-testid="telemetry-empty">
      <Text size="sm">
        Charts of requests, errors, latency, logins and downloads appear once this commons&rsquo; telemetry
        agent (Grafana Alloy, or any OpenTelemetry Collector) sends OTLP to CSOC. To connect it:
      </Text>
      <List size="sm" type="ordered" mt="xs">
        <List.Item>
          An org admin issues the commons&rsquo; ingest credential:{' '}
          <Code>
            POST /api/v1/orgs/{org}/commons/{name}/telemetry/credential
          </Code>{' '}
          (shown once).
        </List.Item>
        <List.Item>
          Put it in the commons&rsquo; secret manager for its agent, whose <Code>otlphttp</Code> exporter
          sends to <Code>{`${window.location.origin}/otlp`}</Code> with <Code>Authorization: Bearer</Code> and
          the credential.
        </List.Item>
      </List>
      <Text size="sm" mt="xs">
        What CSOC keeps and from which metrics: docs/telemetry.md.
      </Text>
    </Alert>
  );
}
