// Gen3 releases from the catalog (GET /api/v1/releases) with their notes, when this CSOC serves it.
import { Accordion, Stack, Text, Title } from '@mantine/core';
import { useReleases } from '../app/useReleases.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

export function ReleasesPage() {
  const releases = useReleases();
  return (
    <Stack>
      <Title order={2}>Gen3 releases</Title>
      <ErrorAlert error={releases.error} />
      {releases.data === undefined && !releases.isPending && !releases.error && (
        <Text c="dimmed">This CSOC does not serve the release catalog API (GET /api/v1/releases) yet.</Text>
      )}
      <Accordion variant="separated">
        {(releases.data ?? []).map((release) => (
          <Accordion.Item key={release.version} value={release.version}>
            <Accordion.Control>{release.version}</Accordion.Control>
            <Accordion.Panel>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{release.notes ?? 'No notes.'}</Text>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Stack>
  );
}
