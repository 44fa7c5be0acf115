// Alert rules: what each watches, its severity, how long the condition must hold, its thresholds and the
// commons it covers. Operators add a rule, switch one on or off (off resolves its alerts) and edit its
// thresholds.
import { Button, Code, Group, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { alertQueries } from '../../api/alertQueries.ts';
import { api, unwrap } from '../../api/apiClient.ts';
import type { AlertRule } from '../../api/apiShapes.ts';
import { formatDuration } from '../../app/healthDisplay.ts';
import { useOrgRole } from '../../app/useSession.ts';
import { DataTable, NOWRAP } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { RuleDialog } from './RuleDialog.tsx';
import { useAlertsChanged } from './useAlertsChanged.ts';

export function RulesPanel({ org }: { org: string }) {
  const { can } = useOrgRole(org);
  const canManage = can('alert.manage');
  const changed = useAlertsChanged(org);
  const rules = useQuery(alertQueries.rules(org));
  const [editing, setEditing] = useState<AlertRule | 'new'>();
  const toggle = useMutation({
    mutationFn: (rule: AlertRule) =>
      unwrap(
        api.PATCH('/api/v1/orgs/{org}/alerts/rules/{rule}', {
          params: { path: { org, rule: rule.name } },
          body: { enabled: !rule.enabled },
        }),
      ),
    onSuccess: async (rule) => {
      notifications.show({
        message: rule.enabled ? `Rule ${rule.name} is on.` : `Rule ${rule.name} is off; its alerts resolved.`,
      });
      await changed();
    },
  });
  return (
    <Stack>
      {canManage && (
        <Button w="fit-content" onClick={() => setEditing('new')}>
          Add rule
        </Button>
      )}
      <ErrorAlert error={rules.error ?? toggle.error} title="Rules" />
      <DataTable<AlertRule>
        label="Alert rules"
        rows={rules.data?.items ?? []}
        rowKey={(rule) => rule.id}
        rowProps={(rule) => ({ 'data-testid': `rule-row-${rule.name}` })}
        empty={<Text size="sm">No rule yet: nothing raises alerts.</Text>}
        columns={[
          { header: 'Name', cellProps: NOWRAP, cell: (rule) => rule.name },
          { header: 'Watches', cellProps: NOWRAP, cell: (rule) => rule.kind },
          { header: 'Severity', cell: (rule) => rule.severity },
          {
            header: 'For',
            cell: (rule) => (rule.forSeconds === 0 ? 'at once' : formatDuration(rule.forSeconds)),
          },
          {
            header: 'Thresholds',
            cell: (rule) =>
              Object.keys(rule.params).length ? <Code>{JSON.stringify(rule.params)}</Code> : '—',
          },
          { header: 'Commons', cell: (rule) => rule.commons ?? 'every commons' },
          {
            header: 'Enabled',
            cell: (rule) => (
              <Switch
                checked={rule.enabled}
                disabled={!canManage || (toggle.isPending && toggle.variables?.id === rule.id)}
                aria-label={`${rule.name} enabled`}
                onChange={() => toggle.mutate(rule)}
              />
            ),
          },
          ...(canManage
            ? [
                {
                  header: 'Actions',
                  cell: (rule: AlertRule) => (
                    <Group gap={4}>
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Edit rule ${rule.name}`}
                        onClick={() => setEditing(rule)}
                      >
                        Edit
                      </Button>
                    </Group>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <RuleDialog
          org={org}
          rule={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
        />
      )}
    </Stack>
  );
}
