// The Summary tab of a commons: plugin and account, infrastructure and revision, Gen3 release and the
// last run, then the infrastructure's outputs.
import { Anchor, Card, Code, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { Commons } from '../../api/apiShapes.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { RunStateBadge } from '../../components/RunStateBadge.tsx';

export function SummaryTab({ commons }: { commons: Commons }) {
  const run = commons.status.lastRun;
  const outputs = Object.entries(commons.status.outputs);
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            Plugin
          </Text>
          <Text fw={600}>
            {commons.spec.plugin.name}@{commons.spec.plugin.version}
          </Text>
          <Text size="xs" c="dimmed" mt="xs">
            Cloud account
          </Text>
          <Text fw={600}>{commons.spec.account}</Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            Infrastructure
          </Text>
          <Text fw={600}>{commons.status.infrastructure}</Text>
          <Text size="xs" c="dimmed" mt="xs">
            Revision
          </Text>
          <Text fw={600}>{commons.status.revision}</Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            Gen3 release
          </Text>
          <Text fw={600}>{commons.spec.gen3?.release ?? 'not configured'}</Text>
          <Text size="xs" c="dimmed" mt="xs">
            Last run
          </Text>
          {run ? (
            <Group gap="xs">
              <Anchor component={Link} to={`/orgs/${commons.metadata.org}/runs/${run.id}`}>
                {run.kind}
              </Anchor>
              <RunStateBadge state={run.state} />
            </Group>
          ) : (
            <Text>never</Text>
          )}
        </Card>
      </SimpleGrid>
      {outputs.length > 0 && (
        <DataTable
          label="Infrastructure outputs"
          rows={outputs}
          rowKey={([key]) => key}
          columns={[
            { header: 'Output', cell: ([key]) => key },
            {
              header: 'Value',
              cell: ([, value]) => <Code>{typeof value === 'string' ? value : JSON.stringify(value)}</Code>,
            },
          ]}
        />
      )}
    </Stack>
  );
}
