// The commons' workloads as its agent reads them: kind, name, ready of desired, images, and whether each
// image is the one the commons' Gen3 release pins (imageReleaseMatch.ts); a button loads the next page.
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import type { ClusterWorkload as Workload } from '../../../api/clusterQueries.ts';
import { imageReleaseMatch, type ImageMatch } from '../../../app/imageReleaseMatch.ts';
import { DataTable, NOWRAP } from '../../../components/DataTable.tsx';

const MATCH_BADGE: Record<ImageMatch, { color: string; label: string } | undefined> = {
  matches: { color: 'green', label: 'matches release' },
  differs: { color: 'orange', label: 'differs from release' },
  'not-in-release': { color: 'gray', label: 'not in release' },
  unknown: undefined,
};

function readyText(workload: Workload): string {
  if (workload.kind === 'CronJob')
    return workload.active
      ? `${workload.active} running`
      : workload.schedule
        ? `schedule ${workload.schedule}`
        : '—';
  if (workload.kind === 'Job') return `${workload.succeeded ?? 0} succeeded, ${workload.failed ?? 0} failed`;
  return `${workload.ready}/${workload.desired}`;
}

export function WorkloadsTable({
  workloads,
  releaseTags,
  release,
  more,
}: {
  workloads: readonly Workload[];
  releaseTags: Map<string, Set<string>> | undefined;
  release: string | undefined;
  /** Present while the namespace has workloads beyond those shown. */
  more?: { load: () => void; loading: boolean };
}) {
  return (
    <Stack gap="xs">
      <DataTable
        label="Workloads"
        rows={workloads}
        rowKey={(workload) => `${workload.kind}/${workload.name}`}
        rowProps={(workload) => ({
          'data-testid': `workload-${workload.name}`,
          'data-ready': String(
            workload.kind === 'Deployment' || workload.kind === 'StatefulSet'
              ? workload.ready >= workload.desired
              : true,
          ),
        })}
        empty={<Text size="sm">The agent sees no workload in the commons&apos; namespace.</Text>}
        columns={[
          { header: 'Kind', cell: (workload) => workload.kind, cellProps: NOWRAP },
          { header: 'Name', cell: (workload) => workload.name },
          {
            header: 'Ready',
            cell: (workload) => {
              const short =
                (workload.kind === 'Deployment' || workload.kind === 'StatefulSet') &&
                workload.ready < workload.desired;
              return (
                <Text size="sm" c={short ? 'red' : undefined} fw={short ? 600 : undefined}>
                  {readyText(workload)}
                </Text>
              );
            },
            cellProps: NOWRAP,
          },
          {
            header: release ? `Images (release ${release})` : 'Images',
            cell: (workload) => (
              <Stack gap={2}>
                {workload.images.map((image) => {
                  const badge = MATCH_BADGE[imageReleaseMatch(image, releaseTags)];
                  return (
                    <Group key={image} gap={6} wrap="nowrap">
                      <Text size="sm" ff="monospace">
                        {image}
                      </Text>
                      {badge && (
                        <Badge size="xs" variant="light" color={badge.color}>
                          {badge.label}
                        </Badge>
                      )}
                    </Group>
                  );
                })}
              </Stack>
            ),
          },
        ]}
      />
      {more && (
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={more.load} loading={more.loading}>
            Load more workloads
          </Button>
        </Group>
      )}
    </Stack>
  );
}
