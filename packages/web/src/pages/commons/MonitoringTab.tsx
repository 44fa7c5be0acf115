// The Monitoring tab of a commons: its state and reasons at the top, each Gen3 service's state, reason and
// last probe latency, charts of the telemetry its agent sends (requests, errors, latency, logins,
// downloads), daily uptime over 30 or 90 days, and its incidents (start, end, cause).
import { Card, Group, List, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { CommonsHealth } from '../../api/apiShapes.ts';
import { monitorQueries } from '../../api/monitorQueries.ts';
import { formatUptime, incidentDuration } from '../../app/healthDisplay.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { HealthBadge } from '../../components/HealthBadge.tsx';
import { UptimeStrip } from '../../components/UptimeStrip.tsx';
import { TelemetryCharts } from './TelemetryCharts.tsx';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
const latency = (ms: number | null) => (ms === null ? '—' : `${ms} ms`);

export function MonitoringTab({ org, name }: { org: string; name: string }) {
  const health = useQuery({ ...monitorQueries.health(org, name), refetchInterval: 5000 });
  const incidents = useQuery({ ...monitorQueries.incidents(org, name), refetchInterval: 10_000 });
  const uptime = useQuery({ ...monitorQueries.uptime(org, name), refetchInterval: 10_000 });
  const [span, setSpan] = useState<'30' | '90'>('30');
  const days = uptime.data?.days.slice(-Number(span)) ?? [];
  return (
    <Stack>
      <ErrorAlert error={health.error} title="Could not read the health of this commons" />
      {health.data && <HealthSummary health={health.data} />}
      <Title order={3} size="h4">
        Services
      </Title>
      <DataTable
        label="Service health"
        rows={health.data?.services ?? []}
        rowKey={(service) => service.service}
        rowProps={(service) => ({ 'data-testid': `service-${service.service}` })}
        empty={<Text size="sm">No service probed yet.</Text>}
        columns={[
          { header: 'Service', cell: (service) => service.service },
          { header: 'State', cell: (service) => <HealthBadge state={service.state} /> },
          { header: 'Reason', cell: (service) => service.reason || '—' },
          { header: 'HTTP', cell: (service) => service.httpStatus ?? '—' },
          { header: 'Last probe latency', cell: (service) => latency(service.latencyMs) },
          { header: 'Since', cell: (service) => when(service.since) },
        ]}
      />
      <TelemetryCharts org={org} name={name} />
      <Group justify="space-between" align="end">
        <Title order={3} size="h4">
          Daily uptime
        </Title>
        <SegmentedControl
          aria-label="Uptime window"
          size="xs"
          value={span}
          onChange={(value) => setSpan(value as '30' | '90')}
          data={[
            { value: '30', label: '30 days' },
            { value: '90', label: '90 days' },
          ]}
        />
      </Group>
      <ErrorAlert error={uptime.error} title="Could not read the uptime" />
      {uptime.data && (
        <>
          <UptimeStrip days={days} label={`Daily uptime, last ${span} days`} />
          <Text size="sm" data-testid="uptime-summary">
            {formatUptime(span === '30' ? uptime.data.last30 : uptime.data.last90)} up over the last {span}{' '}
            days (days not monitored left out)
          </Text>
        </>
      )}
      <Title order={3} size="h4">
        Incidents
      </Title>
      <ErrorAlert error={incidents.error} title="Could not read the incidents" />
      <DataTable
        label="Incidents"
        rows={incidents.data?.items ?? []}
        rowKey={(incident) => incident.id}
        rowProps={(incident) => ({
          'data-testid': 'incident-row',
          'data-open': incident.endedAt ? undefined : 'true',
        })}
        empty={<Text size="sm">No incident recorded.</Text>}
        columns={[
          { header: 'What', cell: (incident) => incident.service ?? 'the whole commons' },
          { header: 'State', cell: (incident) => <HealthBadge state={incident.state} size="sm" /> },
          { header: 'Cause', cell: (incident) => incident.cause },
          { header: 'Started', cell: (incident) => when(incident.startedAt) },
          { header: 'Ended', cell: (incident) => (incident.endedAt ? when(incident.endedAt) : 'ongoing') },
          { header: 'Lasted', cell: (incident) => incidentDuration(incident.startedAt, incident.endedAt) },
        ]}
      />
    </Stack>
  );
}

/** The state of the commons as a whole: badge, reasons, last probe, uptime figures. */
function HealthSummary({ health }: { health: CommonsHealth }) {
  return (
    <Card withBorder data-testid="health-summary">
      <Group justify="space-between" align="start">
        <Stack gap="xs">
          <Group gap="xs">
            <Text fw={600}>Health</Text>
            <HealthBadge state={health.state} size="lg" />
            {health.stale && (
              <Text size="sm" c="dimmed">
                (no recent probe)
              </Text>
            )}
          </Group>
          {health.reasons.length > 0 ? (
            <List size="sm" aria-label="Reasons" data-testid="health-reasons">
              {health.reasons.map((reason, index) => (
                <List.Item key={index}>
                  <Text span size="sm" fw={600}>
                    {reason.kind}:
                  </Text>{' '}
                  {reason.message}
                </List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm">Every check passes.</Text>
          )}
        </Stack>
        <SimpleGrid cols={2} spacing="xs" verticalSpacing={2}>
          <Text size="sm" c="dimmed">
            In this state since
          </Text>
          <Text size="sm">{when(health.since)}</Text>
          <Text size="sm" c="dimmed">
            Last probe
          </Text>
          <Text size="sm">{when(health.checkedAt)}</Text>
          <Text size="sm" c="dimmed">
            Deploy and Argo CD read
          </Text>
          <Text size="sm" data-testid="health-signals-at">
            {when(health.signalsAt)}
          </Text>
          <Text size="sm" c="dimmed">
            Probe latency
          </Text>
          <Text size="sm">{latency(health.probeLatencyMs)}</Text>
          <Text size="sm" c="dimmed">
            Uptime 30 / 90 days
          </Text>
          <Text size="sm">
            {formatUptime(health.uptime.last30)} / {formatUptime(health.uptime.last90)}
          </Text>
        </SimpleGrid>
      </Group>
    </Card>
  );
}
