// Fleet overview: every commons of the org with status, labels, release, tier, sync, last run and drift;
// filter (labels through the API's label selector), search, sort, counts by status, a virtualized list that
// stays smooth at thousands of commons, and a selection to plan or drift-check in one bulk action.
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Commons, FleetStatusResponse } from '../api/apiShapes.ts';
import { startBulkRuns, type BulkKind } from '../api/bulkQueries.ts';
import { driftOf, FLEET_STATUS_COLORS, fleetStatusOf, type FleetStatus } from '../app/commonsStatus.ts';
import { useOrgRole } from '../app/useSession.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { fleetQueries } from '../api/commonsQueries.ts';
import type { BulkStartNotes } from './bulk/BulkActionPage.tsx';

type FleetLive = FleetStatusResponse['items'][number];

interface FleetRow {
  name: string;
  /** key=value, sorted by key: what the label column shows and sorts by. */
  labels: string[];
  labelText: string;
  status: FleetStatus;
  release: string;
  environment: string;
  hasGen3: boolean;
  sync: string;
  health: string;
  lastRun: string;
  lastRunAt: string;
  drift: string;
  plugin: string;
  simulated: boolean;
}

type SortKey = 'name' | 'status' | 'labelText' | 'release' | 'environment' | 'health' | 'lastRunAt' | 'drift';
const ROW_HEIGHT = 40;
/** The list's columns: selection, name, status, labels, release, tier, sync/health, last run, drift, plugin. */
const FLEET_COLUMNS = '2rem 1.5fr 1.5fr 1.3fr 0.7fr 0.5fr 1.6fr 1.1fr 0.9fr 0.8fr';
/** The most commons one bulk action takes (BULK_MAX_COMMONS on the server). */
const BULK_MAX = 200;
/**
 * The order localeCompare gives, from one collator: localeCompare sets one up per call, which made sorting
 * thousands of rows (again as each page arrives) a long task of the fleet page's first seconds.
 */
const compareText = new Intl.Collator().compare;
/** What the sync/health column says when Argo CD has nothing for a commons. */
const NO_GEN3 = 'no Gen3 settings';
const NOT_DEPLOYED = 'not deployed';

/** The last drift check in words; falls back to the commons' last run while the fleet status loads. */
function driftLabel(commons: Commons, live: FleetLive | undefined): string {
  const check = live?.lastDriftCheck;
  if (!check) return live ? 'not checked' : driftOf(commons);
  if (['queued', 'running'].includes(check.state)) return 'checking';
  if (check.state !== 'succeeded') return `check ${check.state}`;
  return check.driftDetected ? 'drift found' : 'no drift';
}

function toRow(commons: Commons, live: FleetLive | undefined): FleetRow {
  const run = commons.status.lastRun;
  const wanted = commons.spec.gen3?.release;
  const deployed = live?.deployedRelease;
  const labels = Object.entries(commons.metadata.labels ?? {})
    .sort(([a], [b]) => compareText(a, b))
    .map(([key, value]) => `${key}=${value}`);
  return {
    name: commons.metadata.name,
    labels,
    labelText: labels.join(','),
    status: fleetStatusOf(commons),
    release: !wanted ? '—' : deployed && deployed !== wanted ? `${wanted} (running ${deployed})` : wanted,
    environment: commons.spec.environment,
    hasGen3: !!commons.spec.gen3,
    sync: live?.sync ?? '',
    health: live?.health ?? (commons.spec.gen3 ? NOT_DEPLOYED : NO_GEN3),
    lastRun: run ? `${run.kind} ${run.state}` : 'never',
    lastRunAt: run?.createdAt ?? '',
    drift: driftLabel(commons, live),
    plugin: `${commons.spec.plugin.name}@${commons.spec.plugin.version ?? ''}`,
    simulated: commons.status.simulated,
  };
}

/** Argo CD sync and health of one row, from the fleet-wide status (one call for the whole fleet). */
function FleetSyncCell({ row, loaded }: { row: FleetRow; loaded: boolean }) {
  if (!row.sync) {
    const known = row.health === NO_GEN3 || loaded;
    return (
      <Text size="xs" c="dimmed">
        {known ? row.health : '…'}
      </Text>
    );
  }
  return (
    <Group gap={4} wrap="nowrap" data-testid="fleet-sync">
      <StatusBadge value={row.sync} size="xs" />
      <StatusBadge value={row.health} size="xs" />
    </Group>
  );
}

export function FleetPage() {
  const { org = '' } = useParams<{ org: string }>();
  const { can } = useOrgRole(org);
  const navigate = useNavigate();
  // The label selector lives in the URL (?labels=env=prod), so a filtered fleet can be shared; the server
  // filters, so thousands of commons never reach the browser to be thrown away.
  const [params, setParams] = useSearchParams();
  const labelSelector = params.get('labels') ?? '';
  const [labelInput, setLabelInput] = useState(labelSelector);
  const applyLabels = (value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value.trim()) next.set('labels', value.trim());
        else next.delete('labels');
        return next;
      },
      { replace: true },
    );
  // Pages of 500 arrive one after another; the list is usable from the first page on.
  // While a new label filter loads, the previous list stays on screen, marked as filtering, instead of an
  // empty list that would claim that nothing matches.
  const commons = useInfiniteQuery({
    ...fleetQueries.list(org, labelSelector),
    refetchInterval: 30_000,
    placeholderData: keepPreviousData,
  });
  const filtering = commons.isPlaceholderData;
  // Sync, health, deployed release and drift of the whole fleet in one call, refreshed every 15 s. Asked
  // for once the first page of the list is in: at thousands of commons it is the largest answer of the page
  // (1 MB at 5,000), and the server building it first delayed the rows (their cells show … meanwhile).
  const fleetStatus = useQuery({
    ...fleetQueries.status(org),
    refetchInterval: 15_000,
    enabled: !commons.isPending,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = commons;
  // At once, not after a frame: a hidden tab draws no frames, and its fleet would stop loading.
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search);
  const [statusFilter, setStatusFilter] = useState<FleetStatus | null>(null);
  const [environment, setEnvironment] = useState<string | null>(null);
  const [health, setHealth] = useState<string | null>(null);
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'name', descending: false });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = (name: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  // A new label filter starts a new selection: a bulk action never includes commons no longer on screen.
  useEffect(() => setSelected(new Set()), [labelSelector]);
  const startBulk = useMutation({
    mutationFn: (kind: BulkKind) => startBulkRuns(org, kind, selectedShown),
    onSuccess: (started, kind) => {
      const runIds = started.items.flatMap((item) => (item.run ? [item.run.id] : []));
      const notes: BulkStartNotes = {
        notStarted: started.items.flatMap((item) =>
          item.error ? [{ commons: item.commons, message: item.error.message }] : [],
        ),
      };
      setSelected(new Set());
      void navigate(`/orgs/${org}/bulk?kind=${kind}&runs=${runIds.join(',')}`, { state: notes });
    },
  });

  const liveByName = useMemo(
    () => new Map((fleetStatus.data?.items ?? []).map((item) => [item.commons, item])),
    [fleetStatus.data],
  );
  // Rows are made once per page (until the fleet status changes): a page arriving adds its own 500, instead
  // of every row of the pages before it being made again.
  const rowsOfPage = useMemo(() => new WeakMap<object, FleetRow[]>(), [liveByName]);
  const rows = useMemo(
    () =>
      (commons.data?.pages ?? []).flatMap((page) => {
        let pageRows = rowsOfPage.get(page);
        if (!pageRows) {
          pageRows = page.items.map((item) => toRow(item, liveByName.get(item.metadata.name)));
          rowsOfPage.set(page, pageRows);
        }
        return pageRows;
      }),
    [commons.data, liveByName, rowsOfPage],
  );
  const healthValues = useMemo(() => [...new Set(rows.map((row) => row.health))].sort(), [rows]);
  const counts = useMemo(() => {
    const result = new Map<FleetStatus, number>();
    for (const row of rows) result.set(row.status, (result.get(row.status) ?? 0) + 1);
    return result;
  }, [rows]);
  const visible = useMemo(() => {
    const needle = deferredSearch.trim().toLowerCase();
    const filtered = rows.filter(
      (row) =>
        (!statusFilter || row.status === statusFilter) &&
        (!environment || row.environment === environment) &&
        (!health || row.health === health) &&
        (!needle || row.name.includes(needle) || row.release.includes(needle) || row.plugin.includes(needle)),
    );
    const direction = sort.descending ? -1 : 1;
    return filtered.sort((a, b) => direction * compareText(a[sort.key], b[sort.key]));
  }, [rows, deferredSearch, statusFilter, environment, health, sort]);
  const allShownSelected = visible.length > 0 && visible.every((row) => selected.has(row.name));
  // What a bulk action covers: the selected commons the filters still show (what you see is what you plan).
  const selectedShown = useMemo(
    () => visible.filter((row) => selected.has(row.name)).map((row) => row.name),
    [visible, selected],
  );
  const selectAllShown = () =>
    setSelected(allShownSelected ? new Set() : new Set(visible.map((row) => row.name)));

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const header = (key: SortKey | undefined, label: string) =>
    key ? (
      <UnstyledButton
        onClick={() =>
          setSort((current) => ({ key, descending: current.key === key ? !current.descending : false }))
        }
        aria-label={`Sort by ${label}`}
        fw={600}
        fz="sm"
        role="columnheader"
        aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
      >
        {label} {sort.key === key ? (sort.descending ? '▼' : '▲') : ''}
      </UnstyledButton>
    ) : (
      <span role="columnheader">{label}</span>
    );

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Fleet</Title>
        {can('commons.write') && (
          <Button component={Link} to={`/orgs/${org}/commons/new`}>
            Create commons
          </Button>
        )}
      </Group>
      <Group gap="xs" aria-label="Counts by status" role="group">
        <Badge
          component="button"
          variant={statusFilter ? 'outline' : 'filled'}
          color="indigo"
          onClick={() => setStatusFilter(null)}
          style={{ cursor: 'pointer' }}
        >
          All {rows.length}
        </Badge>
        {[...counts].map(([status, count]) => (
          <Badge
            key={status}
            component="button"
            color={FLEET_STATUS_COLORS[status]}
            variant={statusFilter === status ? 'filled' : 'light'}
            onClick={() => setStatusFilter(statusFilter === status ? null : status)}
            style={{ cursor: 'pointer' }}
            aria-pressed={statusFilter === status}
          >
            {status} {count}
          </Badge>
        ))}
      </Group>
      {filtering && (
        <Text size="xs" c="dimmed" aria-live="polite" data-testid="fleet-filtering">
          Filtering by {labelSelector || 'no labels'}…
        </Text>
      )}
      {hasNextPage && (
        <Text size="xs" c="dimmed" aria-live="polite">
          Loading more commons… {rows.length} so far
        </Text>
      )}
      {fleetStatus.data && (
        // Honest about age: when a refresh fails, the last answer stays on screen with its time.
        <Text size="xs" c="dimmed" data-testid="fleet-status-age">
          Sync, health and drift as of {new Date(fleetStatus.data.generatedAt).toLocaleTimeString()}
          {fleetStatus.isError ? ' (the last refresh failed; see above)' : ', refreshed every 15 s'}.
        </Text>
      )}
      <Group gap="sm">
        <TextInput
          label="Search"
          placeholder="name, release or plugin"
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={280}
        />
        <Select
          label="Environment"
          data={['dev', 'staging', 'prod']}
          value={environment}
          onChange={setEnvironment}
          clearable
          placeholder="Any"
          w={160}
        />
        <Select
          label="Health"
          data={healthValues}
          value={health}
          onChange={setHealth}
          clearable
          placeholder="Any"
          w={200}
        />
        <TextInput
          label="Labels"
          placeholder="env=prod,tier in (large,xl)"
          title="A label selector; Enter applies it"
          value={labelInput}
          onChange={(event) => setLabelInput(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') applyLabels(labelInput);
          }}
          onBlur={() => applyLabels(labelInput)}
          w={280}
          data-testid="fleet-label-filter"
        />
      </Group>
      {can('run.plan') && selectedShown.length > 0 && (
        <Group gap="sm" role="group" aria-label="Bulk actions" data-testid="fleet-bulk-actions">
          <Text size="sm" fw={600}>
            {selectedShown.length} selected
          </Text>
          <Button
            size="xs"
            disabled={selectedShown.length > BULK_MAX}
            loading={startBulk.isPending && startBulk.variables === 'plan'}
            onClick={() => startBulk.mutate('plan')}
          >
            Plan {selectedShown.length} commons
          </Button>
          <Button
            size="xs"
            variant="light"
            disabled={selectedShown.length > BULK_MAX}
            loading={startBulk.isPending && startBulk.variables === 'drift'}
            onClick={() => startBulk.mutate('drift')}
          >
            Check drift of {selectedShown.length}
          </Button>
          <Button size="xs" variant="subtle" onClick={() => setSelected(new Set())}>
            Clear selection
          </Button>
          {selectedShown.length > BULK_MAX && (
            <Text size="xs" c="red">
              A bulk action takes at most {BULK_MAX} commons; narrow the selection.
            </Text>
          )}
        </Group>
      )}
      <ErrorAlert error={startBulk.error} title="Could not start the bulk action" />
      <ErrorAlert error={commons.error} title="Could not load the fleet" />
      <ErrorAlert error={fleetStatus.error} title="Sync and health are unavailable" />
      {fleetStatus.data?.argocd?.reachable === false && (
        <Alert color="yellow" title="Argo CD could not be read">
          {fleetStatus.data.argocd.message} Sync and health are unknown until it answers; deploy records and
          drift checks below are current.
        </Alert>
      )}
      {commons.isPending ? (
        <Loader role="status" aria-label="Loading the fleet" />
      ) : (
        <div
          role="table"
          aria-label="Commons"
          aria-rowcount={visible.length + 1}
          data-testid="fleet-list"
          data-complete={!hasNextPage && !filtering}
          aria-busy={filtering || hasNextPage}
        >
          <div
            role="row"
            className="fleet-row fleet-header"
            style={{ height: ROW_HEIGHT, gridTemplateColumns: FLEET_COLUMNS }}
          >
            <span role="columnheader">
              {can('run.plan') && (
                <Checkbox
                  size="xs"
                  aria-label="Select every commons shown"
                  checked={allShownSelected}
                  indeterminate={!allShownSelected && visible.some((row) => selected.has(row.name))}
                  disabled={filtering}
                  onChange={selectAllShown}
                />
              )}
            </span>
            {header('name', 'Commons')}
            {header('status', 'Status')}
            {header('labelText', 'Labels')}
            {header('release', 'Release')}
            {header('environment', 'Tier')}
            {header('health', 'Sync / health')}
            {header('lastRunAt', 'Last run')}
            {header('drift', 'Drift')}
            {header(undefined, 'Plugin')}
          </div>
          {visible.length === 0 && !commons.isPending && !filtering && (
            <Text p="md" c="dimmed">
              {rows.length === 0 && !labelSelector ? 'No commons yet.' : 'No commons match these filters.'}
            </Text>
          )}
          <div
            ref={scrollRef}
            style={{ height: 'calc(100vh - 330px)', minHeight: 240, overflow: 'auto' }}
            data-testid="fleet-scroll"
            role="rowgroup"
            tabIndex={0}
            aria-label="Commons list, scrollable"
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const row = visible[item.index]!;
                return (
                  <div
                    key={row.name}
                    role="row"
                    aria-rowindex={item.index + 2}
                    className="fleet-row"
                    data-testid="fleet-row"
                    style={{
                      position: 'absolute',
                      top: 0,
                      left: 0,
                      right: 0,
                      height: ROW_HEIGHT,
                      transform: `translateY(${item.start}px)`,
                      gridTemplateColumns: FLEET_COLUMNS,
                    }}
                  >
                    <span role="cell">
                      {can('run.plan') && (
                        <Checkbox
                          size="xs"
                          aria-label={`Select ${row.name}`}
                          checked={selected.has(row.name)}
                          onChange={() => toggle(row.name)}
                        />
                      )}
                    </span>
                    <span role="cell">
                      <Link to={`/orgs/${org}/commons/${row.name}`}>{row.name}</Link>
                      {row.simulated && (
                        <Badge size="xs" variant="outline" ml={6} color="grape">
                          sim
                        </Badge>
                      )}
                    </span>
                    <span role="cell">
                      <Badge color={FLEET_STATUS_COLORS[row.status]} variant="light">
                        {row.status}
                      </Badge>
                    </span>
                    <Text
                      role="cell"
                      size="xs"
                      truncate="end"
                      title={row.labelText}
                      data-testid="fleet-labels"
                    >
                      {row.labels.join(' ')}
                    </Text>
                    <span role="cell">{row.release}</span>
                    <span role="cell">{row.environment}</span>
                    <span role="cell">
                      <FleetSyncCell row={row} loaded={!!fleetStatus.data} />
                    </span>
                    <span role="cell">{row.lastRun}</span>
                    <span role="cell">{row.drift}</span>
                    <span role="cell">{row.plugin}</span>
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
    </Stack>
  );
}
