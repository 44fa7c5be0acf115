// Adds a rule or edits one: kind (fixed once created), severity, how long the condition must hold, the
// kind's thresholds and the commons it covers. The server's field errors show on the fields.
import { NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ALERT_RULE_KINDS, ALERT_SEVERITIES, type AlertRuleKind } from '@csoc/common';
import { api, unwrap } from '../../api/apiClient.ts';
import type { AlertRule } from '../../api/apiShapes.ts';
import { AlertItemDialog, NewAlertItemFields, useSaveAlertItem } from './AlertItemDialog.tsx';
import { RULE_PARAM_FIELDS, ruleParamsOf, ruleParamValues } from './alertForms.ts';

export function RuleDialog({ org, rule, onClose }: { org: string; rule?: AlertRule; onClose: () => void }) {
  const [name, setName] = useState(rule?.name ?? '');
  const [kind, setKind] = useState<AlertRuleKind>((rule?.kind as AlertRuleKind) ?? 'commons-down');
  const [severity, setSeverity] = useState<string>(rule?.severity ?? '');
  const [forSeconds, setForSeconds] = useState<number | string>(rule?.forSeconds ?? '');
  const [params, setParams] = useState<Record<string, string>>(ruleParamValues(rule?.params ?? {}));
  const [commons, setCommons] = useState(rule?.commons ?? '');
  const { mutation: save, fieldError } = useSaveAlertItem(
    org,
    'rule',
    () => {
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
    onClose,
  );
  return (
    <AlertItemDialog
      noun="rule"
      addTitle="Add an alert rule"
      editing={rule?.name}
      mutation={save}
      onClose={onClose}
    >
      <Stack gap="xs">
        {!rule && (
          <NewAlertItemFields
            name={name}
            onNameChange={setName}
            nameError={fieldError('name')}
            kindLabel="Watches"
            kinds={ALERT_RULE_KINDS}
            kind={kind}
            onKindChange={setKind}
          />
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
    </AlertItemDialog>
  );
}
