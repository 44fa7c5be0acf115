// The Settings tab of a commons: its declarative document, saved as a new revision (with the version the
// page shows, so a change made meanwhile is refused); the danger zone to delete the commons.
import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/apiClient.ts';
import type { Commons } from '../../api/apiShapes.ts';
import { ifMatch } from '../../api/ifMatch.ts';
import { commonsKeys } from '../../api/queryKeys.ts';
import { useOrgRole } from '../../app/useSession.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { DeleteCommonsCard } from './DeleteCommonsCard.tsx';

export function SettingsTab({ org, commons }: { org: string; commons: Commons }) {
  const name = commons.metadata.name;
  const { can } = useOrgRole(org);
  const queryClient = useQueryClient();
  const initial = JSON.stringify(
    {
      apiVersion: commons.apiVersion,
      kind: commons.kind,
      metadata: { name, ...(commons.metadata.labels ? { labels: commons.metadata.labels } : {}) },
      spec: commons.spec,
    },
    null,
    2,
  );
  const [text, setText] = useState(initial);
  const [parseError, setParseError] = useState<string>();
  const save = useMutation({
    mutationFn: (document: never) =>
      unwrap(
        api.PUT('/api/v1/orgs/{org}/commons/{commons}', {
          params: { path: { org, commons: name } },
          body: document,
          headers: ifMatch(commons.version),
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(commonsKeys.detail(org, name), updated);
      notifications.show({ message: `Saved as revision ${updated.status.revision}. Plan to apply it.` });
    },
  });
  return (
    <Stack>
      <Text size="sm">
        The declarative document of this commons. Saving makes a new revision; a plan run applies it.
      </Text>
      <Textarea
        label="Commons document (JSON)"
        autosize
        minRows={14}
        ff="monospace"
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        readOnly={!can('commons.write')}
      />
      {parseError && <ErrorAlert error={new Error(parseError)} title="Not valid JSON" />}
      <ErrorAlert error={save.error} title="Could not save" />
      {can('commons.write') && (
        <Group>
          <Button
            onClick={() => {
              try {
                const document = JSON.parse(text) as never;
                setParseError(undefined);
                save.mutate(document);
              } catch (error) {
                setParseError(error instanceof Error ? error.message : String(error));
              }
            }}
            loading={save.isPending}
          >
            Save as new revision
          </Button>
        </Group>
      )}
      {can('commons.delete') && <DeleteCommonsCard org={org} commons={commons} />}
    </Stack>
  );
}
