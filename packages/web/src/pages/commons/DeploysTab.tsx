// The Deploys tab of a commons: live Argo CD sync/health and service probes, the GitOps diff before a
// deploy, deploy, the deploy history with commit, diff and timeline, and a one-release Gen3 upgrade.
import { Anchor, Badge, Button, Card, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/apiClient.ts';
import type { Commons } from '../../api/apiShapes.ts';
import { deployQueries } from '../../api/deployQueries.ts';
import { ifMatch } from '../../api/ifMatch.ts';
import { commonsKeys, deployKeys } from '../../api/queryKeys.ts';
import { useCommonsStatus } from '../../app/useCommonsStatus.ts';
import { useOrgRole } from '../../app/useSession.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ReleaseNotes } from '../../components/ReleaseNotes.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { shortId } from '../../app/shortId.ts';

function DiffView({ diff, label }: { diff: string; label: string }) {
  return (
    <pre className="run-log" aria-label={label} tabIndex={0} data-testid="gitops-diff">
      {diff.split('\n').map((line, index) => (
        <span
          key={index}
          className={
            line.startsWith('+') && !line.startsWith('+++')
              ? 'diff-add'
              : line.startsWith('-') && !line.startsWith('---')
                ? 'diff-remove'
                : undefined
          }
        >
          {line}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

export function DeploysTab({ org, commons }: { org: string; commons: Commons }) {
  const name = commons.metadata.name;
  const { can } = useOrgRole(org);
  const queryClient = useQueryClient();
  const status = useCommonsStatus(org, name, { refetchMs: 3000 });
  const deploys = useQuery({
    ...deployQueries.list(org, name),
    refetchInterval: (query) =>
      query.state.data?.items.some((deploy) => !deploy.finishedAt) ? 1500 : 10_000,
  });
  const [selected, setSelected] = useState<string>();
  const detail = useQuery({
    ...deployQueries.detail(org, name, selected),
    refetchInterval: (query) => (query.state.data && !query.state.data.finishedAt ? 1000 : false),
  });
  const preview = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/orgs/{org}/commons/{commons}/deploys/preview', {
          params: { path: { org, commons: name } },
          body: {},
        }),
      ),
  });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: deployKeys.list(org, name) });
    await queryClient.invalidateQueries({ queryKey: commonsKeys.status(org, name) });
    await queryClient.invalidateQueries({ queryKey: commonsKeys.detail(org, name) });
  };
  const deploy = useMutation({
    mutationFn: (version: number) =>
      unwrap(
        api.POST('/api/v1/orgs/{org}/commons/{commons}/deploys', {
          params: { path: { org, commons: name } },
          body: {},
          headers: ifMatch(version),
        }),
      ),
    onSuccess: async (created) => {
      preview.reset();
      setSelected(created.id);
      notifications.show({
        message: `Deploy committed (${created.commit?.slice(0, 8) ?? 'no commit'}); following Argo CD.`,
      });
      await refresh();
    },
  });
  const upgradePlan = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/orgs/{org}/commons/{commons}/upgrade-plan', {
          params: { path: { org, commons: name } },
          body: {},
        }),
      ),
  });
  const upgrade = useMutation({
    mutationFn: async (to: string) => {
      const document = {
        apiVersion: commons.apiVersion,
        kind: commons.kind,
        metadata: { name, ...(commons.metadata.labels ? { labels: commons.metadata.labels } : {}) },
        spec: { ...commons.spec, gen3: { ...commons.spec.gen3!, release: to } },
        message: `Upgrade to Gen3 ${to}`,
      };
      const updated = await unwrap(
        api.PUT('/api/v1/orgs/{org}/commons/{commons}', {
          params: { path: { org, commons: name } },
          body: document,
          headers: ifMatch(commons.version),
        }),
      );
      queryClient.setQueryData(commonsKeys.detail(org, name), updated);
      return unwrap(
        api.POST('/api/v1/orgs/{org}/commons/{commons}/deploys', {
          params: { path: { org, commons: name } },
          body: { message: `Upgrade to Gen3 ${to}` },
          headers: ifMatch(updated.version),
        }),
      );
    },
    onSuccess: async (created) => {
      upgradePlan.reset();
      setSelected(created.id);
      await refresh();
    },
  });

  const current = status.data;
  const plan = upgradePlan.data;
  return (
    <Stack>
      {!commons.spec.gen3 && (
        <Text c="dimmed">This commons has no Gen3 settings yet: add them under Settings to deploy Gen3.</Text>
      )}
      <Card withBorder aria-label="Live status" component="section">
        <Group gap="lg">
          <div>
            <Text size="xs" c="dimmed">
              Argo CD sync
            </Text>
            <span data-testid="argocd-sync">
              <StatusBadge value={current?.argocd?.sync ?? 'not deployed'} />
            </span>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              Health
            </Text>
            <span data-testid="argocd-health">
              <StatusBadge value={current?.argocd?.health ?? 'not deployed'} />
            </span>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              Deployed release
            </Text>
            <Text fw={600} data-testid="deployed-release">
              {current?.deployedRelease ?? '—'}
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              Revision in Git
            </Text>
            <Text fw={600}>{current?.argocd?.revision?.slice(0, 8) ?? '—'}</Text>
          </div>
          {current?.simulated && (
            <Badge color="grape" variant="outline">
              simulated Argo CD
            </Badge>
          )}
        </Group>
        {current?.argocdError && (
          <Text size="sm" c="red" mt="xs">
            {current.argocdError}
          </Text>
        )}
        {current && current.services.length > 0 && (
          <DataTable
            mt="sm"
            striped={false}
            label="Service probes"
            rows={current.services}
            rowKey={(service) => service.service}
            columns={[
              { header: 'Service', cell: (service) => service.service },
              {
                header: 'Probe',
                cell: (service) => (
                  <>
                    <code>{service.path}</code> {service.httpStatus ?? ''}
                  </>
                ),
              },
              {
                header: 'Status',
                cell: (service) => (
                  <>
                    <StatusBadge value={service.status} />
                    {service.detail && (
                      <Text size="xs" c="dimmed" mt={4}>
                        {service.detail}
                      </Text>
                    )}
                  </>
                ),
              },
              { header: 'Version', cell: (service) => service.version ?? '—' },
            ]}
          />
        )}
      </Card>
      <ErrorAlert error={status.error} title="Could not read the live status" />

      {can('deploy.write') && commons.spec.gen3 && (
        <Group>
          <Button variant="default" onClick={() => preview.mutate()} loading={preview.isPending}>
            Preview changes
          </Button>
          <Button onClick={() => deploy.mutate(commons.version)} loading={deploy.isPending}>
            Deploy revision {commons.status.revision}
          </Button>
          <Button variant="outline" onClick={() => upgradePlan.mutate()} loading={upgradePlan.isPending}>
            Plan Gen3 upgrade
          </Button>
        </Group>
      )}
      <ErrorAlert error={preview.error ?? deploy.error} title="Deploy" />
      {preview.data && (
        <Card withBorder>
          <Text size="sm" mb="xs">
            Revision {preview.data.revision} at Gen3 {preview.data.release} into{' '}
            <code>{preview.data.directory}</code>:{' '}
            {preview.data.changed ? 'these changes would be committed' : 'nothing would change'}.
          </Text>
          {preview.data.changed && <DiffView diff={preview.data.diff} label="Preview diff" />}
        </Card>
      )}
      <ErrorAlert error={upgradePlan.error ?? upgrade.error} title="Upgrade" />
      {plan && (
        <Card withBorder aria-label="Upgrade plan" component="section">
          <Title order={3} size="h5">
            Upgrade {plan.from} → {plan.to}
          </Title>
          {plan.steps.map((step) => (
            <Stack key={step.to} gap="xs" mt="xs">
              <Text size="sm">
                {step.tagChanges.length} image tags change from {step.from} to {step.to}.
              </Text>
              <DataTable
                striped={false}
                label={`Tag changes to ${step.to}`}
                rows={step.tagChanges.slice(0, 40)}
                rowKey={(change) => `${change.chart}:${change.valuesPath}:${change.repository}`}
                columns={[
                  { header: 'Chart', cell: (change) => change.chart },
                  { header: 'Image', cell: (change) => <code>{change.repository}</code> },
                  { header: 'From', cell: (change) => change.from ?? '—' },
                  { header: 'To', cell: (change) => change.to ?? '—' },
                ]}
              />
              <ReleaseNotes version={step.to} compact />
            </Stack>
          ))}
          <Text size="xs" c="dimmed" mt="xs">
            {plan.howToApply}
          </Text>
          {can('commons.write') && can('deploy.write') && (
            <Group mt="sm">
              <Button color="green" onClick={() => upgrade.mutate(plan.to)} loading={upgrade.isPending}>
                Upgrade to {plan.to} and deploy
              </Button>
            </Group>
          )}
        </Card>
      )}

      <Title order={3} size="h4">
        Deploys
      </Title>
      <DataTable
        label="Deploys"
        rows={deploys.data?.items ?? []}
        rowKey={(item) => item.id}
        columns={[
          {
            header: 'Deploy',
            cell: (item) => (
              <Anchor component="button" onClick={() => setSelected(item.id)}>
                {shortId(item.id)}
              </Anchor>
            ),
          },
          { header: 'Revision', cell: (item) => item.revision },
          { header: 'Release', cell: (item) => item.release },
          { header: 'Commit', cell: (item) => <code>{item.commit?.slice(0, 10) ?? '—'}</code> },
          { header: 'Status', cell: (item) => <StatusBadge value={item.status} /> },
          { header: 'By', cell: (item) => item.requestedBy },
          { header: 'Created', cell: (item) => new Date(item.createdAt).toLocaleString() },
        ]}
      />
      <ErrorAlert error={deploys.error ?? detail.error} />
      {detail.data && (
        <Card withBorder aria-label="Deploy detail" component="section">
          <Group justify="space-between">
            <Title order={3} size="h5">
              Deploy {shortId(detail.data.id)} · Gen3 {detail.data.release}
            </Title>
            <span data-testid="deploy-status">
              <StatusBadge value={detail.data.status} />
            </span>
          </Group>
          <Text size="sm">{detail.data.message}</Text>
          <Text size="sm">
            Commit <Code>{detail.data.commit ?? '—'}</Code> in <code>{detail.data.repository}</code> /{' '}
            <code>{detail.data.directory}</code>
          </Text>
          <Title order={4} size="h6" mt="sm">
            Timeline
          </Title>
          <Table aria-label="Deploy timeline">
            <Table.Tbody>
              {detail.data.timeline.map((entry, index) => (
                <Table.Tr key={index}>
                  <Table.Td>{new Date(entry.at).toLocaleTimeString()}</Table.Td>
                  <Table.Td>
                    <StatusBadge value={entry.status} />
                  </Table.Td>
                  <Table.Td>{entry.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {detail.data.diff && (
            <>
              <Title order={4} size="h6" mt="sm">
                Diff
              </Title>
              <DiffView diff={detail.data.diff} label="Deploy diff" />
            </>
          )}
        </Card>
      )}
    </Stack>
  );
}
