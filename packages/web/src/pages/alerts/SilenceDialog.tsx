// Creates a silence (alerts matching the matchers stay quiet) or a maintenance window (every alert of one
// commons) for a chosen duration, with the reason for whoever reads it later.
import { SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { AlertMatcher } from '@csoc/common';
import { api, unwrap } from '../../api/apiClient.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { SILENCE_DURATIONS, silenceEndsAt } from './alertForms.ts';
import { MatchersInput } from './MatchersInput.tsx';
import { useAlertsChanged } from './useAlertsChanged.ts';

export function SilenceDialog({
  org,
  initialMatchers = [],
  initialComment = '',
  title = 'New silence',
  onClose,
}: {
  org: string;
  initialMatchers?: AlertMatcher[];
  initialComment?: string;
  title?: string;
  onClose: () => void;
}) {
  const changed = useAlertsChanged(org);
  const [kind, setKind] = useState<'silence' | 'maintenance'>('silence');
  const [matchers, setMatchers] = useState(initialMatchers);
  const [commons, setCommons] = useState('');
  const [duration, setDuration] = useState<string>(SILENCE_DURATIONS[0].value);
  const [comment, setComment] = useState(initialComment);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/orgs/{org}/alerts/silences', {
          params: { path: { org } },
          body: {
            kind,
            ...(kind === 'maintenance' ? { commons } : { matchers }),
            endsAt: silenceEndsAt(new Date(), Number(duration)),
            comment,
          },
        }),
      ),
    onSuccess: async () => {
      notifications.show({
        message: kind === 'silence' ? 'Silence created.' : 'Maintenance window created.',
      });
      onClose();
      await changed();
    },
  });
  return (
    <ConfirmDialog
      asForm
      title={title}
      size="lg"
      onClose={onClose}
      onConfirm={() => create.mutate()}
      confirmLabel={kind === 'silence' ? 'Create silence' : 'Create maintenance window'}
      pending={create.isPending}
      error={create.error}
      errorTitle="Could not create it"
    >
      <SegmentedControl
        aria-label="Kind"
        value={kind}
        onChange={(value) => setKind(value as 'silence' | 'maintenance')}
        data={[
          { value: 'silence', label: 'Silence matching alerts' },
          { value: 'maintenance', label: 'Maintenance of one commons' },
        ]}
      />
      <Stack gap="xs">
        {kind === 'silence' ? (
          <MatchersInput label="Alerts whose labels match all of" value={matchers} onChange={setMatchers} />
        ) : (
          <TextInput
            label="Commons"
            description="Every alert of this commons stays quiet during the window"
            value={commons}
            onChange={(event) => setCommons(event.currentTarget.value)}
            required
          />
        )}
        <Select
          label="For"
          data={[...SILENCE_DURATIONS]}
          value={duration}
          allowDeselect={false}
          onChange={(value) => value && setDuration(value)}
        />
        <Textarea
          label="Comment"
          description="Why, for whoever reads it later"
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          required
        />
        <Text size="xs" c="dimmed">
          Silenced alerts still show here; their notifications are not sent (the delivery log says
          suppressed).
        </Text>
      </Stack>
    </ConfirmDialog>
  );
}
