// A Gen3 release's notes as the catalog has them: breaking changes, deployment changes, highlights, warnings.
import { Badge, Card, List, Text, Title } from '@mantine/core';
import { useRelease } from '../app/useReleases.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

export function ReleaseNotes({ version, compact = false }: { version: string; compact?: boolean }) {
  const release = useRelease(version);
  const data = release.data;
  const limit = compact ? 5 : Infinity;
  return (
    <Card withBorder component="section" aria-label={`Release notes ${version}`}>
      <Title order={3} size="h5">
        Gen3 {version}{' '}
        {data?.derived && (
          <Badge size="xs" variant="outline">
            derived
          </Badge>
        )}
      </Title>
      <ErrorAlert error={release.error} />
      {data && (
        <>
          <Text size="xs" c="dimmed">
            Charts: gen3 {data.chartVersions.gen3}, cluster-level-resources{' '}
            {data.chartVersions['cluster-level-resources']}
          </Text>
          {data.derivedReason && (
            <Text size="xs" c="dimmed">
              {data.derivedReason}
            </Text>
          )}
          {data.breakingChanges.length > 0 && (
            <>
              <Text size="sm" fw={600} mt="xs" c="red">
                Breaking changes
              </Text>
              <List size="sm">
                {data.breakingChanges.slice(0, limit).map((change, index) => (
                  <List.Item key={index}>
                    <strong>{change.component}</strong>: {change.text}
                  </List.Item>
                ))}
              </List>
            </>
          )}
          {data.deploymentChanges.length > 0 && (
            <>
              <Text size="sm" fw={600} mt="xs">
                Deployment changes
              </Text>
              <List size="sm">
                {data.deploymentChanges.slice(0, limit).map((change, index) => (
                  <List.Item key={index}>
                    <strong>{change.component}</strong>: {change.text}
                  </List.Item>
                ))}
              </List>
            </>
          )}
          {data.highlights.length > 0 && (
            <>
              <Text size="sm" fw={600} mt="xs">
                Highlights
              </Text>
              <List size="sm">
                {data.highlights.slice(0, limit).map((highlight, index) => (
                  <List.Item key={index}>{highlight.text}</List.Item>
                ))}
              </List>
            </>
          )}
          {data.warnings.length > 0 && (
            <>
              <Text size="sm" fw={600} mt="xs">
                Warnings
              </Text>
              <List size="sm">
                {data.warnings.slice(0, limit).map((warning, index) => (
                  <List.Item key={index}>{warning}</List.Item>
                ))}
              </List>
            </>
          )}
          {!compact && (
            <Text size="xs" c="dimmed" mt="xs">
              {Object.keys(data.images).length} services pinned
              {data.next ? ` · next release: ${data.next}` : ''}
            </Text>
          )}
        </>
      )}
    </Card>
  );
}
