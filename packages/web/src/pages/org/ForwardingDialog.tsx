// Sets or replaces the org's OTLP forwarding destination: the endpoint, whether it is on, and the headers
// sent with every forwarded request. Header values are write-only (sealed by CSOC, never shown again), so a
// replacement asks for them again; names are checked as they are typed, the server's refusal shows in place.
import { ActionIcon, Button, Group, PasswordInput, Stack, Switch, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/ApiError.ts';
import { api, unwrap } from '../../api/apiClient.ts';
import type { TelemetryForwarding } from '../../api/apiShapes.ts';
import { telemetryKeys } from '../../api/queryKeys.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import {
  emptyForwardingForm,
  forwardingRequestOf,
  headerRowProblem,
  replacementForm,
  type ForwardingFormValues,
} from './forwardingForm.ts';

export function ForwardingDialog({
  org,
  current,
  onClose,
}: {
  org: string;
  /** The destination being replaced; a new one when null. */
  current: TelemetryForwarding | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<ForwardingFormValues>(() =>
    current ? replacementForm(current) : emptyForwardingForm(),
  );
  const problems = values.headers.map((row) => headerRowProblem(row, values.headers));
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT('/api/v1/orgs/{org}/telemetry/forwarding', {
          params: { path: { org } },
          body: forwardingRequestOf(values),
        }),
      ),
    onSuccess: async (saved) => {
      queryClient.setQueryData(telemetryKeys.forwarding(org), saved);
      notifications.show({ message: `Telemetry is forwarded to ${saved.endpoint}.` });
      onClose();
      await queryClient.invalidateQueries({ queryKey: telemetryKeys.forwarding(org) });
    },
  });
  const serverErrors = save.error instanceof ApiError ? save.error.fieldErrors('body.') : {};
  const setRow = (index: number, change: Partial<ForwardingFormValues['headers'][number]>) =>
    setValues((form) => ({
      ...form,
      headers: form.headers.map((row, at) => (at === index ? { ...row, ...change } : row)),
    }));

  return (
    <ConfirmDialog
      asForm
      autoComplete="off"
      size="lg"
      title={current ? 'Replace the forwarding destination' : 'Forward telemetry to your backend'}
      onClose={onClose}
      onConfirm={() => save.mutate()}
      confirmLabel={current ? 'Replace destination' : 'Start forwarding'}
      confirmDisabled={!values.endpoint.trim() || problems.some(Boolean)}
      pending={save.isPending}
      error={save.error}
      errorTitle="The destination was not saved"
    >
      <Stack gap="xs">
        <TextInput
          label="OTLP/HTTP endpoint"
          description="The base URL of your collector (Grafana Alloy, an OpenTelemetry Collector, a Mimir/Tempo/Loki gateway); CSOC appends /v1/metrics, /v1/traces and /v1/logs"
          placeholder="https://otlp.example.org:4318"
          value={values.endpoint}
          onChange={(event) => {
            const endpoint = event.currentTarget.value;
            setValues((form) => ({ ...form, endpoint }));
          }}
          error={serverErrors.endpoint?.join(' ')}
          required
          data-autofocus
        />
        <Switch
          label="Forwarding on"
          description="Off keeps the destination but forwards nothing (and queues nothing)"
          checked={values.enabled}
          onChange={(event) => {
            const enabled = event.currentTarget.checked;
            setValues((form) => ({ ...form, enabled }));
          }}
        />
        <Text size="sm" fw={500} mt="xs">
          Headers sent with every request
        </Text>
        <Text size="xs" c="dimmed">
          Values are sealed and never shown again
          {current ? ': type each one again to replace the destination' : ''}. Leave a row empty to drop it.
        </Text>
        {serverErrors.headers && (
          <Text size="sm" c="red">
            {serverErrors.headers.join(' ')}
          </Text>
        )}
        {values.headers.map((row, index) => (
          <Group key={index} align="flex-start" grow preventGrowOverflow={false} wrap="nowrap">
            <TextInput
              label={`Header ${index + 1} name`}
              value={row.name}
              onChange={(event) => setRow(index, { name: event.currentTarget.value })}
              error={problems[index]}
            />
            <PasswordInput
              label={`Header ${index + 1} value`}
              description="Write-only"
              autoComplete="new-password"
              value={row.value}
              onChange={(event) => setRow(index, { value: event.currentTarget.value })}
            />
            <ActionIcon
              mt={28}
              variant="subtle"
              color="red"
              aria-label={`Remove header ${index + 1}`}
              onClick={() =>
                setValues((form) => ({ ...form, headers: form.headers.filter((_, at) => at !== index) }))
              }
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Button
          w="fit-content"
          size="xs"
          variant="light"
          onClick={() =>
            setValues((form) => ({ ...form, headers: [...form.headers, { name: '', value: '' }] }))
          }
        >
          Add header
        </Button>
        {current && (
          <Text size="xs" c="dimmed">
            Replacing starts the delivery counts again from zero; what is waiting is sent to the new
            destination.
          </Text>
        )}
      </Stack>
    </ConfirmDialog>
  );
}
