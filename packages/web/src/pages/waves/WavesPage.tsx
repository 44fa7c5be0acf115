// The org's release waves, newest first: where each stands, its target release and selection, each a link
// to its wave page. Waves are created from the command line (csoc waves create) or the API.
import { Anchor, Badge, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { waveQueries } from '../../api/waveQueries.ts';
import { DataTable, NOWRAP } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { WAVE_STATE_COLORS } from './waveDisplay.ts';

export function WavesPage() {
  const { org = '' } = useParams<{ org: string }>();
  const waves = useQuery({ ...waveQueries.list(org), refetchInterval: 10_000 });
  return (
    <Stack gap="sm">
      <Title order={2}>Release waves</Title>
      <Text size="sm" c="dimmed">
        A wave moves the commons a label selector picks to a Gen3 release, one release step at a time, stage
        by stage. Start one with <code>csoc waves create</code>.
      </Text>
      <ErrorAlert error={waves.error} title="Could not load the waves" />
      {waves.data && (
        <DataTable
          label="Release waves"
          rows={waves.data.items}
          rowKey={(wave) => wave.id}
          empty="No waves yet."
          columns={[
            {
              header: 'Wave',
              cell: (wave) => (
                <Anchor component={Link} to={`/orgs/${org}/waves/${wave.name}`}>
                  {wave.name}
                </Anchor>
              ),
              cellProps: NOWRAP,
            },
            {
              header: 'State',
              cell: (wave) => (
                <Badge color={WAVE_STATE_COLORS[wave.state]} variant="light">
                  {wave.state.replace('_', ' ')}
                </Badge>
              ),
              cellProps: NOWRAP,
            },
            { header: 'Target release', cell: (wave) => wave.targetRelease },
            { header: 'Selector', cell: (wave) => <code>{wave.selector || '(every commons)'}</code> },
            {
              header: 'Stage',
              cell: (wave) =>
                `${Math.min(wave.currentStage + 1, wave.stages.length)} of ${wave.stages.length}`,
            },
            { header: 'Created by', cell: (wave) => wave.createdBy },
          ]}
        />
      )}
    </Stack>
  );
}
