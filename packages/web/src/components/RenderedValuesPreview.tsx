// The GitOps files a commons document would produce (Helm values, secret wiring, Argo CD application),
// rendered by the server without storing or committing anything. Shown in the create wizard's review.
import { Alert, Code, Loader, Stack, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { commonsQueries } from '../api/commonsQueries.ts';
import type { CommonsDocument } from '../api/apiShapes.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

const FILE_LABELS: Record<string, string> = {
  'values.yaml': 'Helm values',
  'secrets.yaml': 'Secret wiring (references only)',
  'app.yaml': 'Argo CD application',
  'search.yaml': 'Search network policy',
};

export function RenderedValuesPreview({ org, document }: { org: string; document: CommonsDocument }) {
  const preview = useQuery({ ...commonsQueries.renderPreview(org, document), staleTime: 60_000 });
  if (preview.isPending) return <Loader size="sm" role="status" aria-label="Rendering the Gen3 values" />;
  if (preview.error)
    return <ErrorAlert error={preview.error} title="These Gen3 settings cannot be rendered" />;
  const files = Object.entries(preview.data.files);
  return (
    <Stack gap="xs" role="region" aria-label="Rendered Gen3 values">
      <Text size="sm">
        What a deploy of release <strong>{preview.data.release}</strong> would commit to{' '}
        <code>{preview.data.directory}</code> in the GitOps repository (nothing is committed now).
      </Text>
      {preview.data.placeholders && (
        <Alert color="blue" variant="light">
          The infrastructure does not exist yet: endpoints, ARNs and bucket names below are examples. The
          deploy renders them from the plugin's outputs after the apply.
        </Alert>
      )}
      <Tabs defaultValue={files[0]?.[0]} variant="outline">
        <Tabs.List>
          {files.map(([file]) => (
            <Tabs.Tab key={file} value={file}>
              {FILE_LABELS[file] ?? file}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {files.map(([file, content]) => (
          <Tabs.Panel key={file} value={file} pt="xs">
            <Code
              block
              aria-label={file}
              mah={420}
              style={{ overflow: 'auto' }}
              data-testid={`rendered-${file}`}
            >
              {content}
            </Code>
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
