// The org's audit log, newest first, with filters (actor, action, target, outcome, time) and paging.
import { Badge, Button, Code, Group, SegmentedControl, Select, Stack, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useMe } from '../../app/useSession.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { auditQueries, type AuditFilters } from '../../api/auditQueries.ts';
import { SubmitForm } from '../../components/SubmitForm.tsx';

const EMPTY: AuditFilters = { actor: '', action: '', target: '', outcome: '', since: '' };

export function AuditPage() {
  const { org = '' } = useParams<{ org: string }>();
  const [draft, setDraft] = useState<AuditFilters>(EMPTY);
  const [filters, setFilters] = useState<AuditFilters>(EMPTY);
  const me = useMe();
  const [scope, setScope] = useState<'org' | 'platform'>('org');
  const events = useInfiniteQuery(auditQueries.events(scope, org, filters));
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Audit log</Title>
        {me.data?.user.isPlatformAdmin && (
          <SegmentedControl
            aria-label="Audit scope"
            value={scope}
            onChange={(value) => setScope(value as 'org' | 'platform')}
            data={[
              { value: 'org', label: `Org ${org}` },
              { value: 'platform', label: 'Every org (platform)' },
            ]}
          />
        )}
      </Group>
      <SubmitForm onSubmit={() => setFilters(draft)}>
        <Group align="flex-end">
          <TextInput
            label="Actor"
            placeholder="email or user id"
            value={draft.actor}
            onChange={(event) => setDraft({ ...draft, actor: event.currentTarget.value })}
          />
          <TextInput
            label="Action"
            placeholder="e.g. run.approve"
            value={draft.action}
            onChange={(event) => setDraft({ ...draft, action: event.currentTarget.value })}
          />
          <TextInput
            label="Target prefix"
            placeholder={`orgs/${org}/commons/…`}
            value={draft.target}
            onChange={(event) => setDraft({ ...draft, target: event.currentTarget.value })}
          />
          <Select
            label="Outcome"
            data={['success', 'failure', 'denied']}
            value={draft.outcome || null}
            onChange={(value) => setDraft({ ...draft, outcome: (value ?? '') as AuditFilters['outcome'] })}
            clearable
            w={130}
          />
          <TextInput
            label="Since"
            type="datetime-local"
            value={draft.since}
            onChange={(event) => setDraft({ ...draft, since: event.currentTarget.value })}
          />
          <Button type="submit">Filter</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(EMPTY);
              setFilters(EMPTY);
            }}
          >
            Clear
          </Button>
        </Group>
      </SubmitForm>
      <ErrorAlert error={events.error} title="Could not read the audit log" />
      <DataTable
        data-testid="audit-table"
        label="Audit events"
        rows={items}
        rowKey={(event) => event.id}
        columns={[
          { header: 'Time', cell: (event) => new Date(event.time).toLocaleString() },
          { header: 'Actor', cell: (event) => event.actor.label },
          { header: 'Action', cell: (event) => <Code>{event.action}</Code> },
          { header: 'Target', cell: (event) => event.target },
          {
            header: 'Outcome',
            cell: (event) => (
              <Badge
                variant="light"
                color={event.outcome === 'success' ? 'green' : event.outcome === 'denied' ? 'orange' : 'red'}
              >
                {event.outcome}
              </Badge>
            ),
          },
          { header: 'Request', cell: (event) => <code>{event.requestId ?? ''}</code> },
        ]}
      />
      {events.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void events.fetchNextPage()}
          loading={events.isFetchingNextPage}
        >
          Older events
        </Button>
      )}
    </Stack>
  );
}
