// Gen3 releases from the catalog (GET /api/v1/releases), each with its notes on demand.
import { Accordion, Badge, Group, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useReleases } from '../app/useReleases.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { ReleaseNotes } from '../components/ReleaseNotes.tsx';

export function ReleasesPage() {
  const releases = useReleases();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Stack>
      <Title order={2}>Gen3 releases</Title>
      <ErrorAlert error={releases.error} />
      <Accordion variant="separated" value={open} onChange={setOpen}>
        {(releases.data ?? []).map((release) => (
          <Accordion.Item key={release.version} value={release.version}>
            <Accordion.Control>
              <Group gap="xs">
                <strong>{release.version}</strong>
                {release.title && <span>{release.title}</span>}
                <Badge variant="outline" color="gray" title="gen3-helm chart version this release deploys">
                  gen3 chart {release.chartVersions.gen3}
                </Badge>
                {release.breakingChanges > 0 && (
                  <Badge color="red" variant="light">
                    {release.breakingChanges} breaking
                  </Badge>
                )}
                {release.deploymentChanges > 0 && (
                  <Badge variant="light">{release.deploymentChanges} deployment changes</Badge>
                )}
                {release.derived && (
                  <Badge variant="outline" color="gray">
                    derived
                  </Badge>
                )}
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              {open === release.version && <ReleaseNotes version={release.version} />}
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Stack>
  );
}
