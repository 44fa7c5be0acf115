// Adds or edits a notification channel. Public settings are shown and edited; secrets are write-only: a
// set secret shows as "set" with an empty input, and is replaced only when something is typed in it.
import { Badge, Group, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ALERT_CHANNEL_KINDS, ALERT_SEVERITIES } from '@csoc/common';
import { api, unwrap } from '../../api/apiClient.ts';
import type { AlertChannel } from '../../api/apiShapes.ts';
import { AlertItemDialog, NewAlertItemFields, useSaveAlertItem } from './AlertItemDialog.tsx';
import {
  channelFormValues,
  channelRequestParts,
  EMPTY_CHANNEL_FORM,
  type ChannelFormValues,
  type ChannelKind,
} from './alertForms.ts';

export function ChannelDialog({
  org,
  channel,
  onClose,
}: {
  org: string;
  channel?: AlertChannel;
  onClose: () => void;
}) {
  const [name, setName] = useState(channel?.name ?? '');
  const [kind, setKind] = useState<ChannelKind>((channel?.kind as ChannelKind) ?? 'webhook');
  const [values, setValues] = useState<ChannelFormValues>(
    channel ? channelFormValues(channel.config, channel.route) : EMPTY_CHANNEL_FORM,
  );
  const set = (field: keyof ChannelFormValues) => (value: string) =>
    setValues((current) => ({ ...current, [field]: value }));
  const { mutation: save, fieldError } = useSaveAlertItem(
    org,
    'channel',
    () => {
      const { config, secrets, route } = channelRequestParts(kind, values, channel?.route);
      const secretPart = Object.keys(secrets).length ? { secrets } : {};
      return channel
        ? unwrap(
            api.PATCH('/api/v1/orgs/{org}/alerts/channels/{channel}', {
              params: { path: { org, channel: channel.name } },
              body: { config, route, ...secretPart },
            }),
          )
        : unwrap(
            api.POST('/api/v1/orgs/{org}/alerts/channels', {
              params: { path: { org } },
              body: { name, kind, config, route, ...secretPart },
            }),
          );
    },
    onClose,
  );
  const isSet = (field: string) => channel?.secretFields.includes(field) ?? false;
  /** A write-only input: "set" beside its label when stored, and empty (typing replaces it). */
  const secretInput = (
    field: 'secret' | 'url' | 'password',
    formField: keyof ChannelFormValues,
    label: string,
  ) => (
    <PasswordInput
      label={
        <Group gap={6} component="span">
          {label}
          {isSet(field) && (
            <Badge size="xs" variant="light" color="green" component="span">
              set
            </Badge>
          )}
        </Group>
      }
      description={
        isSet(field) ? 'Stored and never shown; leave empty to keep it, type to replace it' : 'Write-only'
      }
      autoComplete="new-password"
      value={values[formField]}
      onChange={(event) => set(formField)(event.currentTarget.value)}
      error={fieldError(`secrets.${field}`)}
      required={!isSet(field)}
    />
  );
  return (
    <AlertItemDialog
      noun="channel"
      addTitle="Add a notification channel"
      editing={channel?.name}
      mutation={save}
      onClose={onClose}
      autoComplete="off"
    >
      <Stack gap="xs">
        {!channel && (
          <NewAlertItemFields
            name={name}
            onNameChange={setName}
            nameError={fieldError('name')}
            kindLabel="Kind"
            kinds={ALERT_CHANNEL_KINDS}
            kind={kind}
            onKindChange={setKind}
          />
        )}
        {kind === 'webhook' && (
          <>
            <TextInput
              label="URL"
              description="CSOC POSTs each notification here, signed (HMAC-SHA-256 with a timestamp)"
              value={values.url}
              onChange={(event) => set('url')(event.currentTarget.value)}
              error={fieldError('config.url')}
              required
            />
            {secretInput('secret', 'secret', 'Signing secret (16 characters or more)')}
          </>
        )}
        {kind === 'slack' && secretInput('url', 'slackUrl', 'Slack incoming webhook URL')}
        {kind === 'email' && (
          <>
            <Group grow>
              <TextInput
                label="SMTP host"
                value={values.host}
                onChange={(event) => set('host')(event.currentTarget.value)}
                error={fieldError('config.host')}
                required
              />
              <TextInput
                label="Port"
                inputMode="numeric"
                value={values.port}
                onChange={(event) => set('port')(event.currentTarget.value)}
                error={fieldError('config.port')}
              />
              <Select
                label="TLS"
                data={['starttls', 'implicit', 'none']}
                value={values.tls || null}
                onChange={(value) => set('tls')(value ?? '')}
                clearable
                error={fieldError('config.tls')}
              />
            </Group>
            <TextInput
              label="SMTP user"
              value={values.username}
              onChange={(event) => set('username')(event.currentTarget.value)}
              error={fieldError('config.username')}
            />
            {secretInput('password', 'password', 'SMTP password')}
            <TextInput
              label="From"
              value={values.from}
              onChange={(event) => set('from')(event.currentTarget.value)}
              error={fieldError('config.from')}
              required
            />
            <TextInput
              label="To"
              description="Addresses separated by commas"
              value={values.to}
              onChange={(event) => set('to')(event.currentTarget.value)}
              error={fieldError('config.to')}
              required
            />
          </>
        )}
        <Text size="sm" fw={500} mt="xs">
          What it receives
        </Text>
        <Group grow>
          <Select
            label="Lowest severity"
            description="Empty: every severity"
            data={[...ALERT_SEVERITIES]}
            value={values.minSeverity || null}
            onChange={(value) => set('minSeverity')(value ?? '')}
            clearable
            error={fieldError('route.minSeverity')}
          />
          <TextInput
            label="Group wait (seconds)"
            description="Empty: 30; 0 sends at once"
            inputMode="numeric"
            value={values.groupWaitSeconds}
            onChange={(event) => set('groupWaitSeconds')(event.currentTarget.value)}
            error={fieldError('route.groupWaitSeconds')}
          />
        </Group>
      </Stack>
    </AlertItemDialog>
  );
}
