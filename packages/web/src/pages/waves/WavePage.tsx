// One release wave, live: its stages (each with its commons and their state), the health gate it waits
// on, why it paused, the timeline, and the operator's moves — pause, resume, skip a commons, roll the stage
// back, approve a stage with prod commons — each after a confirmation, each recorded on the timeline.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  moveWave,
  skipWaveCommons,
  waveKeys,
  waveQueries,
  type Wave,
  type WaveMember,
  type WaveMove,
} from '../../api/waveQueries.ts';
import { useOrgRole } from '../../app/useSession.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { DataTable, NOWRAP } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { MEMBER_STATE_COLORS, stageStateOf, WAVE_STATE_COLORS } from './waveDisplay.ts';

const ENDED: Wave['state'][] = ['completed', 'rolled_back'];

/** What each move does, as the confirmation says it. */
const MOVES: Record<WaveMove, { label: string; explain: string; color?: string }> = {
  pause: {
    label: 'Pause',
    explain: 'Nothing more starts until the wave is resumed; upgrades under way finish.',
  },
  resume: { label: 'Resume', explain: 'The wave goes on; a commons whose step failed is tried again.' },
  rollback: {
    label: 'Roll back stage',
    explain:
      'Every commons this stage moved is reverted to its release before the wave (each revert is a deploy). The wave ends.',
    color: 'red',
  },
  approve: {
    label: 'Approve stage',
    explain: 'The stage with prod commons may start. You must not be the person who created the wave.',
  },
};

/** The moves the wave's state allows (the server refuses the others anyway). */
function movesFor(wave: Wave): WaveMove[] {
  switch (wave.state) {
    case 'running':
      return ['pause', 'rollback'];
    case 'paused':
      return ['resume', 'rollback'];
    case 'awaiting_approval':
      return ['approve', 'pause', 'rollback'];
    default:
      return [];
  }
}

type Pending = { move: WaveMove } | { move: 'skip'; commons: string };

export function WavePage() {
  const { org = '', wave: name = '' } = useParams<{ org: string; wave: string }>();
  const { can } = useOrgRole(org);
  const queryClient = useQueryClient();
  const wave = useQuery({
    ...waveQueries.detail(org, name),
    refetchInterval: (query) => (query.state.data && ENDED.includes(query.state.data.state) ? false : 3000),
  });
  const events = useQuery({
    ...waveQueries.events(org, name),
    refetchInterval: wave.data && ENDED.includes(wave.data.state) ? false : 3000,
  });
  // The timeline is read again whenever the wave changed, so its last events (completed, rolled back)
  // arrive even after polling stops at the end.
  const waveUpdatedAt = wave.data?.updatedAt;
  useEffect(() => {
    if (waveUpdatedAt) void queryClient.invalidateQueries({ queryKey: waveKeys.events(org, name) });
  }, [queryClient, org, name, waveUpdatedAt]);
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const act = useMutation({
    mutationFn: (what: Pending) =>
      what.move === 'skip'
        ? skipWaveCommons(org, name, what.commons, reason.trim() || undefined)
        : moveWave(org, name, what.move, reason.trim() || undefined),
    onSuccess: (updated, what) => {
      queryClient.setQueryData(waveKeys.detail(org, name), updated);
      void queryClient.invalidateQueries({ queryKey: waveKeys.events(org, name) });
      notifications.show({
        message:
          what.move === 'skip'
            ? `${what.commons} is left out of the rest of the wave.`
            : `${MOVES[what.move].label}: done.`,
      });
      setPending(null);
      setReason('');
    },
  });

  if (wave.error) return <ErrorAlert error={wave.error} title={`Could not load wave ${name}`} />;
  if (!wave.data) return <Text c="dimmed">Loading wave {name}…</Text>;
  const data = wave.data;
  const mayWrite = can('wave.write');
  const mayApprove = can('wave.approve');
  const skippable = (member: WaveMember) =>
    mayWrite && !ENDED.includes(data.state) && ['pending', 'deferred', 'failed'].includes(member.state);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2}>Wave {data.name}</Title>
          <Badge color={WAVE_STATE_COLORS[data.state]} size="lg" data-testid="wave-state">
            {data.state.replace('_', ' ')}
          </Badge>
        </Group>
        <Anchor component={Link} to={`/orgs/${org}/waves`}>
          All waves
        </Anchor>
      </Group>
      <Text size="sm">
        To Gen3 <b>{data.targetRelease}</b>, one release step at a time, for the commons matching{' '}
        <code>{data.selector || '(every commons)'}</code>; {data.maxParallel} at once, soak {data.soakSeconds}{' '}
        s between stages. Created by {data.createdBy}.
      </Text>
      {data.state === 'paused' && (
        <Alert color="orange" title="The wave is paused" data-testid="wave-paused">
          {data.pausedCommons ? (
            <>
              At <Link to={`/orgs/${org}/commons/${data.pausedCommons}`}>{data.pausedCommons}</Link>:{' '}
            </>
          ) : null}
          {data.pausedReason ?? 'paused by an operator'}
        </Alert>
      )}
      {data.gate && !ENDED.includes(data.state) && (
        <Text size="sm" c="dimmed" data-testid="wave-gate">
          Gate: {data.gate}
        </Text>
      )}
      {(mayWrite || mayApprove) && movesFor(data).length > 0 && (
        <Group gap="sm" role="group" aria-label="Wave actions">
          {movesFor(data)
            .filter((move) => (move === 'approve' ? mayApprove : mayWrite))
            .map((move) => (
              <Button
                key={move}
                variant={move === 'rollback' ? 'outline' : 'filled'}
                color={MOVES[move].color}
                onClick={() => setPending({ move })}
              >
                {MOVES[move].label}
              </Button>
            ))}
        </Group>
      )}
      {data.stages.map((stage) => {
        const members = data.members.filter((member) => member.stage === stage.index);
        const state = stageStateOf(data, stage.index);
        return (
          <Card
            key={stage.index}
            withBorder
            padding="sm"
            data-testid="wave-stage"
            aria-label={`Stage ${stage.name}`}
          >
            <Group gap="sm" mb="xs">
              <Text fw={600}>
                {stage.index + 1}. {stage.name}
              </Text>
              <Badge variant="light" color={stage.index === data.currentStage ? 'blue' : 'gray'}>
                {state}
              </Badge>
              <Text size="xs" c="dimmed">
                {stage.commons} commons
                {stage.needsApproval
                  ? stage.approvedBy
                    ? `; approved by ${stage.approvedBy}`
                    : '; needs a second person’s approval'
                  : ''}
              </Text>
            </Group>
            <DataTable
              label={`Commons of ${stage.name}`}
              rows={members}
              rowKey={(member) => member.commons}
              rowProps={(member) => ({ 'data-testid': 'wave-member', 'data-commons': member.commons })}
              columns={[
                {
                  header: 'Commons',
                  cell: (member) => (
                    <Link to={`/orgs/${org}/commons/${member.commons}`}>{member.commons}</Link>
                  ),
                  cellProps: NOWRAP,
                },
                { header: 'Tier', cell: (member) => member.environment },
                {
                  header: 'State',
                  cell: (member) => (
                    <Badge color={MEMBER_STATE_COLORS[member.state]} variant="light">
                      {member.state.replace('_', ' ')}
                    </Badge>
                  ),
                  cellProps: NOWRAP,
                },
                {
                  header: 'Release',
                  cell: (member) =>
                    member.fromRelease === member.release
                      ? member.release
                      : `${member.fromRelease} → ${member.release}`,
                  cellProps: NOWRAP,
                },
                { header: 'Message', cell: (member) => member.message },
                {
                  header: '',
                  cell: (member) =>
                    skippable(member) ? (
                      <Button
                        size="xs"
                        variant="subtle"
                        aria-label={`Skip ${member.commons}`}
                        onClick={() => setPending({ move: 'skip', commons: member.commons })}
                      >
                        Skip
                      </Button>
                    ) : null,
                },
              ]}
            />
          </Card>
        );
      })}
      <Title order={3}>Timeline (newest first)</Title>
      <ErrorAlert error={events.error} title="Could not load the timeline" />
      <Timeline bulletSize={12} lineWidth={2} data-testid="wave-timeline">
        {[...(events.data?.items ?? [])].reverse().map((event, index) => (
          <Timeline.Item key={`${event.at}-${index}`} title={event.kind.replaceAll('_', ' ')}>
            <Text size="sm">
              {event.commons ? <b>{event.commons}: </b> : null}
              {event.message}
            </Text>
            <Text size="xs" c="dimmed">
              {new Date(event.at).toLocaleString()}
              {event.by ? ` · ${event.by}` : ''}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
      {pending && (
        <ConfirmDialog
          title={
            pending.move === 'skip'
              ? `Skip ${pending.commons}?`
              : `${MOVES[pending.move].label} of wave ${data.name}?`
          }
          confirmLabel={pending.move === 'skip' ? `Skip ${pending.commons}` : MOVES[pending.move].label}
          confirmColor={pending.move === 'skip' ? undefined : MOVES[pending.move].color}
          onConfirm={() => act.mutate(pending)}
          onClose={() => {
            setPending(null);
            act.reset();
          }}
          pending={act.isPending}
          error={act.error}
          errorTitle="The wave refused"
        >
          <Text size="sm">
            {pending.move === 'skip'
              ? `${pending.commons} stays at its current release; the rest of the wave goes on without it.`
              : MOVES[pending.move].explain}
          </Text>
          <Textarea
            label="Reason (on the timeline)"
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
          />
        </ConfirmDialog>
      )}
    </Stack>
  );
}
