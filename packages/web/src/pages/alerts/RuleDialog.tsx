// Adds a rule or edits one: kind (fixed once created), severity, how long the condition must hold, the
// kind's thresholds and the commons it covers. The server's field errors show on the fields.
import { NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ALERT_RULE_KINDS, ALERT_SEVERITIES, type AlertRuleKind } from '@csoc/common';
import { api, unwrap } from '../../api/apiClient.ts';
import { ApiError } from '../../api/ApiError.ts';
import type { AlertRule } from '../../api/apiShapes.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { RULE_PARAM_FIELDS, ruleParamsOf, ruleParamValues } from './alertForms.ts';
import { useAlertsChanged } from './useAlertsChanged.ts';

export function RuleDialog({ org, rule, onClose }: { org: string; rule?: AlertRule; onClose: () => void }) {
  const changed = useAlertsChanged(org);
  const [name, setName] = useState(rule?.name ?? '');
  const [kind, setKind] = useState<AlertRuleKind>((rule?.kind as AlertRuleKind) ?? 'commons-down');
  const [severity, setSeverity] = useState<string>(rule?.severity ?? '');
  const [forSeconds, setForSeconds] = useState<number | string>(rule?.forSeconds ?? '');
  const [params, setParams] = useState<Record<string, string>>(ruleParamValues(rule?.params ?? {}));
  const [commons, setCommons] = useState(rule?.commons ?? '');
  const save = useMutation({
    mutationFn: () => {
      const common = {
        ...(severity ? { severity: severity as (typeof ALERT_SEVERITIES)[number] } : {}),
        ...(forSeconds === '' ? {} : { forSeconds: Number(forSeconds) }),
        params: ruleParamsOf(kind, params),
        commons: commons.trim() || null,
      };
      return rule
        ? unwrap(
            api.PATCH('/api/v1/orgs/{org}/alerts/rules/{rule}', {
              params: { path: { org, rule: rule.name } },
              body: common,
            }),
          )
        : unwrap(
            api.POST('/api/v1/orgs/{org}/alerts/rules', {
              params: { path: { org } },
              body: { name, kind, ...common },
            }),
          );
    },
    onSuccess: async (saved) => {
      notifications.show({ message: `Rule ${saved.name} saved.` });
      onClose();
      await changed();
    },
  });
  const fieldError = (field: string) =>
    save.error instanceof ApiError ? save.error.fieldErrors('body.')[field]?.join(' ') : undefined;
  return (
    <ConfirmDialog
      asForm
      title={rule ? `Edit rule ${rule.name}` : 'Add an alert rule'}
      size="lg"
      onClose={onClose}
      onConfirm={() => save.mutate()}
      confirmLabel={rule ? 'Save rule' : 'Add rule'}
      pending={save.isPending}
      error={save.error}
      errorTitle="The rule was not saved"
    >
      <Stack gap="xs">
        {!rule && (
          <>
            <TextInput
              label="Name"
              description="Lower-case letters, digits and dashes"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={fieldError('name')}
              required
            />
            <Select
              label="Watches"
              data={[...ALERT_RULE_KINDS]}
              value={kind}
              allowDeselect={false}
              onChange={(value) => value && setKind(value as AlertRuleKind)}
            />
          </>
        )}
        <Select
          label="Severity"
          description="The kind's default when left empty"
          data={[...ALERT_SEVERITIES]}
          value={severity || null}
          onChange={(value) => setSeverity(value ?? '')}
          clearable
          error={fieldError('severity')}
        />
        <NumberInput
          label="For (seconds)"
          description="How long the condition must hold before the alert fires; 0 fires at once"
          min={0}
          max={86_400}
          value={forSeconds}
          onChange={setForSeconds}
          error={fieldError('forSeconds')}
        />
        {RULE_PARAM_FIELDS[kind].map((field) =>
          field.type === 'op' ? (
            <Select
              key={field.name}
              label={field.label}
              data={['>', '>=', '<', '<=']}
              value={params[field.name] ?? null}
              onChange={(value) => setParams({ ...params, [field.name]: value ?? '' })}
              error={fieldError(`params.${field.name}`)}
            />
          ) : (
            <TextInput
              key={field.name}
              label={field.label}
              inputMode={field.type === 'number' ? 'decimal' : undefined}
              value={params[field.name] ?? ''}
              onChange={(event) => setParams({ ...params, [field.name]: event.currentTarget.value })}
              error={fieldError(`params.${field.name}`)}
            />
          ),
        )}
        <TextInput
          label="Only this commons"
          description="Empty: every commons of the org"
          value={commons}
          onChange={(event) => setCommons(event.currentTarget.value)}
          error={fieldError('commons')}
        />
      </Stack>
    </ConfirmDialog>
  );
}
