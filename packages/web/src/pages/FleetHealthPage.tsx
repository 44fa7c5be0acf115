// Fleet health: every monitored commons of the org from the one fleet health call — counts per state (each
// a filter), a search, and a paginated table sorted worst-first, each row linking to the commons'
// Monitoring tab. Pages of 50 rows keep it readable and light at thousands of commons.
import { Anchor, Group, Pagination, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { FleetHealthItem, HealthState } from '../api/apiShapes.ts';
import { monitorQueries } from '../api/monitorQueries.ts';
import { HEALTH_STATES, sortWorstFirst } from '../app/healthDisplay.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { HealthBadge } from '../components/HealthBadge.tsx';

export const FLEET_HEALTH_PAGE_SIZE = 50;
type StateFilter = HealthState | 'all';

export function FleetHealthPage() {
  const { org = '' } = useParams<{ org: string }>();
  const [params, setParams] = useSearchParams();
  const filter = (params.get('state') ?? 'all') as StateFilter;
  const search = params.get('q') ?? '';
  const deferredSearch = useDeferredValue(search);
  const pageNumber = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const fleet = useQuery({ ...monitorQueries.fleet(org), refetchInterval: 15_000 });

  const sorted = useMemo(() => sortWorstFirst(fleet.data?.items ?? []), [fleet.data]);
  const shown = useMemo(() => {
    const needle = deferredSearch.trim().toLowerCase();
    return sorted.filter(
      (item) => (filter === 'all' || item.state === filter) && (!needle || item.commons.includes(needle)),
    );
  }, [sorted, filter, deferredSearch]);
  const pages = Math.max(1, Math.ceil(shown.length / FLEET_HEALTH_PAGE_SIZE));
  const page = Math.min(pageNumber, pages);
  const rows = shown.slice((page - 1) * FLEET_HEALTH_PAGE_SIZE, page * FLEET_HEALTH_PAGE_SIZE);

  /** Changes the query string; a new filter or search starts again at page 1. */
  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes))
      if (value === undefined || value === '' || value === 'all') next.delete(key);
      else next.set(key, value);
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  }

  const counts = fleet.data?.counts;
  const total = fleet.data?.items.length ?? 0;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Fleet health</Title>
        {fleet.data && (
          <Text size="sm" c="dimmed">
            {total} monitored commons · as of {new Date(fleet.data.generatedAt).toLocaleTimeString()}
          </Text>
        )}
      </Group>
      <ErrorAlert error={fleet.error} title="Could not read the fleet health" />
      <Group>
        <SegmentedControl
          aria-label="Filter by state"
          data-testid="health-filter"
          value={filter}
          onChange={(value) => update({ state: value })}
          data={[
            { value: 'all', label: `All ${total}` },
            ...HEALTH_STATES.map((state) => ({ value: state, label: `${state} ${counts?.[state] ?? 0}` })),
          ]}
        />
        <TextInput
          aria-label="Search commons"
          placeholder="Search commons"
          value={search}
          onChange={(event) => update({ q: event.currentTarget.value })}
        />
      </Group>
      <DataTable<FleetHealthItem>
        label="Fleet health"
        rows={rows}
        rowKey={(item) => item.commons}
        rowProps={(item) => ({ 'data-testid': 'fleet-health-row', 'data-state': item.state })}
        empty={
          <Text size="sm">
            {total === 0
              ? 'No commons monitored yet: a commons is probed once its Gen3 is deployed.'
              : 'No commons matches.'}
          </Text>
        }
        columns={[
          {
            header: 'Commons',
            cell: (item) => (
              <Anchor component={Link} to={`/orgs/${org}/commons/${item.commons}?tab=monitoring`}>
                {item.commons}
              </Anchor>
            ),
          },
          { header: 'State', cell: (item) => <HealthBadge state={item.state} /> },
          { header: 'Reason', cell: (item) => item.reason || '—' },
          { header: 'Since', cell: (item) => new Date(item.since).toLocaleString() },
          {
            header: 'Probe latency',
            cell: (item) => (item.probeLatencyMs === null ? '—' : `${item.probeLatencyMs} ms`),
          },
          { header: 'Last probe', cell: (item) => new Date(item.checkedAt).toLocaleTimeString() },
        ]}
      />
      {pages > 1 && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {(page - 1) * FLEET_HEALTH_PAGE_SIZE + 1}–{(page - 1) * FLEET_HEALTH_PAGE_SIZE + rows.length} of{' '}
            {shown.length}
          </Text>
          <Pagination
            total={pages}
            value={page}
            onChange={(value) => update({ page: String(value) })}
            getControlProps={(control) => ({ 'aria-label': `${control} page` })}
            getItemProps={(value) => ({ 'aria-label': `Page ${value}` })}
          />
        </Group>
      )}
    </Stack>
  );
}
