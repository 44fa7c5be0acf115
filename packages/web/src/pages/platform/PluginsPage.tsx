// The plugin catalog: every installed version with its tier, clouds, capabilities, the cloud permissions
// it needs and whether it is enabled. Platform admins also enable/disable versions and install new ones.
import {
  Badge,
  Button,
  Card,
  Code,
  Group,
  List,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { PluginManifest } from '@csoc/plugin-sdk/manifest-schema';
import { api, unwrap } from '../../api/apiClient.ts';
import { ApiError } from '../../api/ApiError.ts';
import { useMe } from '../../app/useSession.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ifMatch, reloadOnStaleEdit } from '../../api/ifMatch.ts';
import { pluginQueries } from '../../api/pluginQueries.ts';
import { pluginKeys } from '../../api/queryKeys.ts';
import { tierDisplay } from '../../app/pluginTiers.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';

type PluginPermission = PluginManifest['permissions'][number];

/** The manifest's permissions, keeping only well-formed entries (the manifest arrives as an open record). */
function permissionsOf(manifest: Record<string, unknown>): PluginPermission[] {
  if (!Array.isArray(manifest.permissions)) return [];
  return (manifest.permissions as unknown[]).filter(
    (entry): entry is PluginPermission =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as PluginPermission).cloud === 'string' &&
      Array.isArray((entry as PluginPermission).actions),
  );
}

export function PluginsPage() {
  const me = useMe();
  const isPlatformAdmin = me.data?.user.isPlatformAdmin ?? false;
  const plugins = useQuery(pluginQueries.list());
  return (
    <Stack>
      <Title order={2}>Plugin catalog</Title>
      <ErrorAlert error={plugins.error} />
      <DataTable
        label="Plugins"
        rows={plugins.data?.items ?? []}
        rowKey={(plugin) => plugin.id}
        rowProps={(plugin) => ({ 'data-testid': `plugin-${plugin.name}-${plugin.version}` })}
        columns={[
          {
            header: 'Plugin',
            cellProps: { maw: 380 },
            cell: (plugin) => (
              <>
                <Text fw={600}>{plugin.name}</Text>
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {plugin.description}
                </Text>
              </>
            ),
          },
          { header: 'Version', cell: (plugin) => plugin.version },
          {
            header: 'Tier',
            cellProps: { miw: 150 },
            cell: (plugin) => <TierBadge tier={plugin.tier} />,
          },
          { header: 'Clouds', cell: (plugin) => plugin.clouds.join(', ') },
          { header: 'Capabilities', cell: (plugin) => plugin.capabilities.join(', ') },
          {
            header: 'Cloud permissions it needs',
            cell: (plugin) => {
              const permissions = permissionsOf(plugin.manifest);
              return permissions.length ? (
                <List size="xs" spacing={4} aria-label={`Permissions of ${plugin.name} ${plugin.version}`}>
                  {permissions.map((permission, index) => (
                    <List.Item key={index}>
                      <Text size="xs" span fw={600}>
                        {permission.cloud}:
                      </Text>{' '}
                      {permission.actions.map((action) => (
                        <Code key={action} mr={4}>
                          {action}
                        </Code>
                      ))}
                      <Text size="xs" c="dimmed">
                        {permission.reason}
                      </Text>
                    </List.Item>
                  ))}
                </List>
              ) : (
                <Text size="xs" c="dimmed">
                  none
                </Text>
              );
            },
          },
          {
            header: 'State',
            cellProps: { miw: 110 },
            cell: (plugin) => (
              <Stack gap={6} align="flex-start">
                <Badge variant="light" color={plugin.enabled ? 'green' : 'gray'}>
                  {plugin.enabled ? 'enabled' : 'disabled'}
                </Badge>
                {isPlatformAdmin && (
                  <EnableControl
                    name={plugin.name}
                    version={plugin.version}
                    enabled={plugin.enabled}
                    revision={plugin.revision}
                  />
                )}
              </Stack>
            ),
          },
        ]}
      />
      {isPlatformAdmin && <InstallPluginForm />}
    </Stack>
  );
}

/** The support tier as a badge, with the sentence saying what it promises under it. */
function TierBadge({ tier }: { tier: string }) {
  const display = tierDisplay(tier);
  return (
    <Stack gap={2} align="flex-start">
      <Badge variant="light" color={display.color}>
        {display.label}
      </Badge>
      <Text size="xs" c="dimmed">
        {display.explanation}
      </Text>
    </Stack>
  );
}

interface EnableControlProps {
  name: string;
  version: string;
  enabled: boolean;
  /** The record's revision as the catalog showed it: sent as If-Match, so a change since is refused. */
  revision: number;
}

/** PATCHes enabled with the revision the admin saw as If-Match; a 412 refreshes the catalog so a retry acts on the newer state. */
function useSetPluginEnabled(name: string, version: string, onDone?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ enabled, revision }: { enabled: boolean; revision: number }) =>
      unwrap(
        api.PATCH('/api/v1/plugins/{name}/{version}', {
          params: { path: { name, version } },
          body: { enabled },
          headers: ifMatch(revision),
        }),
      ),
    onSuccess: async (plugin) => {
      onDone?.();
      notifications.show({
        message: `${plugin.name} ${plugin.version} is ${plugin.enabled ? 'enabled' : 'disabled'}.`,
      });
      await queryClient.invalidateQueries({ queryKey: pluginKeys.list() });
    },
    onError: reloadOnStaleEdit(queryClient, pluginKeys.list()),
  });
}

/** Enable (at once) or disable (after confirmation) one plugin version; failures show beside it. */
function EnableControl({ name, version, enabled, revision }: EnableControlProps) {
  const [confirming, setConfirming] = useState(false);
  const label = `${name} ${version}`;
  const enable = useSetPluginEnabled(name, version);
  return (
    <>
      {enabled ? (
        <Button
          size="xs"
          variant="light"
          color="red"
          aria-label={`Disable ${label}`}
          onClick={() => setConfirming(true)}
        >
          Disable
        </Button>
      ) : (
        <Button
          size="xs"
          variant="light"
          aria-label={`Enable ${label}`}
          loading={enable.isPending}
          onClick={() => enable.mutate({ enabled: true, revision })}
        >
          Enable
        </Button>
      )}
      <ErrorAlert error={enable.error} title={`Could not enable ${label}`} />
      {confirming && (
        <DisableDialog
          name={name}
          version={version}
          revision={revision}
          onClose={() => setConfirming(false)}
        />
      )}
    </>
  );
}

/**
 * Confirms disabling and says what it means. It sends the revision the catalog showed, so a change someone
 * else made since is refused (412) and shown here; the catalog then refreshes and a retry acts on it.
 */
function DisableDialog({
  name,
  version,
  revision,
  onClose,
}: {
  name: string;
  version: string;
  revision: number;
  onClose: () => void;
}) {
  const label = `${name} ${version}`;
  const disable = useSetPluginEnabled(name, version, onClose);
  return (
    <ConfirmDialog
      title={`Disable ${label}?`}
      size="lg"
      onClose={onClose}
      onConfirm={() => disable.mutate({ enabled: false, revision })}
      confirmLabel={`Disable ${label}`}
      confirmColor="red"
      pending={disable.isPending}
      error={disable.error}
      errorTitle={`Could not disable ${label}`}
    >
      <Text size="sm">While {label} is disabled:</Text>
      <List size="sm" spacing={4}>
        <List.Item>no new commons can pin it, and spec changes of commons that pin it are refused;</List.Item>
        <List.Item>
          no new run (plan, destroy, drift check) starts for commons that pin it, and runs already queued or
          waiting for approval fail when the worker picks them up;
        </List.Item>
        <List.Item>infrastructure it already created is left as it is.</List.Item>
      </List>
      <Text size="sm">You can enable it again at any time.</Text>
    </ConfirmDialog>
  );
}

type SourceKind = 'directory' | 'image';

/** Parses the manifest text; an error message when it is not a JSON object, else the object. */
function parseManifest(text: string): { manifest?: Record<string, unknown>; error?: string } {
  if (!text.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return { error: 'The manifest must be a JSON object ({ "apiVersion": "csoc.gen3.org/v1", ... }).' };
    return { manifest: parsed as Record<string, unknown> };
  } catch (cause) {
    return { error: `Not valid JSON: ${(cause as Error).message}` };
  }
}

/** Installs a plugin version from its manifest and a source (folder on the CSOC host or OCI image). */
function InstallPluginForm() {
  const queryClient = useQueryClient();
  const [manifestText, setManifestText] = useState('');
  const [sourceKind, setSourceKind] = useState<SourceKind>('directory');
  const [source, setSource] = useState('');
  const parsed = useMemo(() => parseManifest(manifestText), [manifestText]);
  const install = useMutation({
    mutationFn: (manifest: Record<string, unknown>) =>
      unwrap(api.POST('/api/v1/plugins', { body: { manifest, sourceKind, source } })),
    onSuccess: async (plugin) => {
      setManifestText('');
      setSource('');
      notifications.show({ message: `Installed ${plugin.name} ${plugin.version} (enabled).` });
      await queryClient.invalidateQueries({ queryKey: pluginKeys.list() });
    },
  });
  const serverError = install.error instanceof ApiError ? install.error : undefined;
  const manifestFieldErrors = Object.entries(serverError?.fieldErrors('body.manifest') ?? {});
  return (
    <Card withBorder maw={860}>
      <Title order={3} size="h4">
        Install a plugin version
      </Title>
      <SubmitForm
        aria-label="Install a plugin version"
        onSubmit={() => {
          if (parsed.manifest) install.mutate(parsed.manifest);
        }}
      >
        <Stack mt="sm">
          <Textarea
            label="Manifest (manifest.json)"
            description="The plugin's manifest as JSON; the same name and version cannot be installed twice."
            value={manifestText}
            onChange={(event) => setManifestText(event.currentTarget.value)}
            autosize
            minRows={6}
            maxRows={18}
            spellCheck={false}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
            required
            error={
              parsed.error ??
              (manifestFieldErrors.length
                ? manifestFieldErrors
                    .map(
                      ([field, messages]) =>
                        `${field.replace(/^\./, '') || 'manifest'} ${messages.join('; ')}`,
                    )
                    .join(' · ')
                : undefined)
            }
          />
          <Radio.Group
            label="Source kind"
            value={sourceKind}
            onChange={(value) => setSourceKind(value as SourceKind)}
          >
            <Group mt={4}>
              <Radio value="directory" label="directory (a folder on the CSOC host)" />
              <Radio value="image" label="image (an OCI image reference)" />
            </Group>
          </Radio.Group>
          <TextInput
            label="Source"
            description={
              sourceKind === 'directory'
                ? 'Absolute path of the plugin folder holding manifest.json, e.g. /opt/csoc/plugins/aws'
                : 'OCI image reference, e.g. ghcr.io/example/csoc-plugin-aws:1.2.0'
            }
            value={source}
            onChange={(event) => setSource(event.currentTarget.value)}
            required
            error={serverError?.fieldErrors('body.').source?.join('; ')}
          />
          <ErrorAlert error={install.error} title="The plugin could not be installed" />
          <Group>
            <Button type="submit" loading={install.isPending} disabled={!parsed.manifest}>
              Install
            </Button>
          </Group>
        </Stack>
      </SubmitForm>
    </Card>
  );
}
