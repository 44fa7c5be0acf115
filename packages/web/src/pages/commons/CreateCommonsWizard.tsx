// Create a commons: basics (name, tier, plugin, cloud account) → the plugin's inputs (form from its JSON
// Schema) → Gen3 settings (release with notes, services, login providers) → review the document, then
// create it and start the plan run; nothing is applied until someone approves the plan.
import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  Select,
  Stack,
  Stepper,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type Form from '@rjsf/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { CommonsName, Gen3Settings } from '@csoc/common';
import { api, unwrap } from '../../api/apiClient.ts';
import { ApiError } from '../../api/ApiError.ts';
import type { CommonsDocument } from '../../api/apiShapes.ts';
import { useReleases } from '../../app/useReleases.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ReleaseNotes } from '../../components/ReleaseNotes.tsx';
import { RenderedValuesPreview } from '../../components/RenderedValuesPreview.tsx';
import { plainSchema, SchemaForm, toErrorSchema } from '../../components/SchemaForm.tsx';
import { accountQueries } from '../../api/accountQueries.ts';
import { pluginQueries } from '../../api/pluginQueries.ts';

const commonsNameRule = CommonsName as unknown as { pattern: string; description: string };
const NAME_PATTERN = new RegExp(commonsNameRule.pattern);

export function CreateCommonsWizard() {
  const { org = '' } = useParams<{ org: string }>();
  const navigate = useNavigate();
  const [step, setStep] = useState(0);
  const [name, setName] = useState('');
  const [environment, setEnvironment] = useState<'dev' | 'staging' | 'prod'>('dev');
  const [pluginKey, setPluginKey] = useState<string | null>(null);
  const [account, setAccount] = useState<string | null>(null);
  const [inputs, setInputs] = useState<Record<string, unknown>>({});
  const [inputsInvalid, setInputsInvalid] = useState(false);
  const [withGen3, setWithGen3] = useState(false);
  const [gen3, setGen3] = useState<Record<string, unknown>>({});
  const [gen3Invalid, setGen3Invalid] = useState(false);
  const inputsFormRef = useRef<Form>(null);
  const gen3FormRef = useRef<Form>(null);

  const plugins = useQuery(pluginQueries.list());
  const accounts = useQuery(accountQueries.list(org));
  const releases = useReleases();
  const [pluginName, pluginVersion] = pluginKey
    ? (pluginKey.split('@') as [string, string])
    : [undefined, undefined];
  const plugin = useQuery(pluginQueries.version(pluginName, pluginVersion));
  const selectedPlugin = plugins.data?.items.find((item) => `${item.name}@${item.version}` === pluginKey);
  const accountOptions = (accounts.data?.items ?? [])
    .filter((item) => !selectedPlugin || selectedPlugin.clouds.includes(item.kind))
    .map((item) => ({ value: item.name, label: `${item.name} (${item.kind})` }));

  const inputsSchema = useMemo(
    () => (plugin.data?.manifest.inputs ? plainSchema(plugin.data.manifest.inputs) : undefined),
    [plugin.data],
  );
  const gen3Schema = useMemo(() => {
    const schema = plainSchema(Gen3Settings) as { properties: Record<string, Record<string, unknown>> };
    if (releases.data?.length)
      schema.properties.release = {
        ...schema.properties.release,
        enum: releases.data.map((release) => release.version),
      };
    return schema;
  }, [releases.data]);

  const nameError = name && !NAME_PATTERN.test(name) ? commonsNameRule.description : undefined;
  const document: CommonsDocument = {
    apiVersion: 'csoc.gen3.org/v1',
    kind: 'Commons',
    metadata: { name },
    spec: {
      environment,
      plugin: { name: pluginName ?? '', ...(pluginVersion ? { version: pluginVersion } : {}) },
      account: account ?? '',
      inputs: { ...inputs },
      ...(withGen3 ? { gen3: gen3 as CommonsDocument['spec']['gen3'] & object } : {}),
    },
    message: 'Created in the portal',
  };

  const create = useMutation({
    mutationFn: async () => {
      await unwrap(api.POST('/api/v1/orgs/{org}/commons', { params: { path: { org } }, body: document }));
      return unwrap(
        api.POST('/api/v1/orgs/{org}/commons/{commons}/runs', {
          params: { path: { org, commons: name } },
          body: { kind: 'plan', message: 'First plan, from the create wizard' },
        }),
      );
    },
    onSuccess: (run) => void navigate(`/orgs/${org}/runs/${run.id}`),
  });
  const serverError = create.error instanceof ApiError ? create.error : undefined;
  const inputsServerErrors = toErrorSchema(serverError?.fieldErrors('body.spec.inputs.') ?? {});
  const gen3ServerErrors = toErrorSchema(serverError?.fieldErrors('body.spec.gen3.') ?? {});
  const metadataErrors = serverError?.fieldErrors('body.metadata.') ?? {};

  const basicsReady = !!name && !nameError && !!pluginKey && !!account;

  function next() {
    if (step === 1 && inputsFormRef.current && !inputsFormRef.current.validateForm()) return;
    if (step === 2 && withGen3 && gen3FormRef.current && !gen3FormRef.current.validateForm()) return;
    setStep(step + 1);
  }

  return (
    <Stack maw={960}>
      <Title order={2}>Create a commons</Title>
      <Stepper active={step} onStepClick={(index) => index < step && setStep(index)} size="sm">
        <Stepper.Step label="Basics" description="Plugin and cloud account">
          <Stack mt="md" maw={520}>
            <TextInput
              label="Name"
              description="Lower-case letters, digits and dashes; it prefixes cloud resource names"
              value={name}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setName(value);
                setInputs((current) => ({ ...current, name: value }));
              }}
              error={nameError ?? metadataErrors.name?.join('; ')}
              required
            />
            <Select
              label="Environment tier"
              data={['dev', 'staging', 'prod']}
              value={environment}
              onChange={(value) => value && setEnvironment(value as typeof environment)}
              allowDeselect={false}
            />
            <Select
              label="IaC plugin"
              placeholder="Pick a plugin"
              data={(plugins.data?.items ?? [])
                .filter((item) => item.enabled)
                .map((item) => ({
                  value: `${item.name}@${item.version}`,
                  label: `${item.name} ${item.version} (${item.tier}; ${item.clouds.join(', ')})`,
                }))}
              value={pluginKey}
              onChange={(value) => {
                setPluginKey(value);
                setAccount(null);
              }}
              required
            />
            {selectedPlugin?.description && (
              <Text size="sm" c="dimmed">
                {selectedPlugin.description}
              </Text>
            )}
            <Select
              label="Cloud account"
              placeholder={
                accountOptions.length
                  ? 'Pick an account'
                  : 'No matching account: add one under Cloud accounts'
              }
              data={accountOptions}
              value={account}
              onChange={setAccount}
              required
            />
            <ErrorAlert error={plugins.error ?? accounts.error} />
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Inputs" description="The plugin's form">
          <Stack mt="md">
            <ErrorAlert error={plugin.error} title="Could not load the plugin" />
            {inputsSchema && (
              <SchemaForm
                formRef={inputsFormRef}
                idPrefix="inputs"
                label="Plugin inputs"
                schema={inputsSchema}
                formData={inputs}
                extraErrors={inputsServerErrors}
                onChange={(data, invalid) => {
                  setInputs((data ?? {}) as Record<string, unknown>);
                  setInputsInvalid(invalid);
                }}
              />
            )}
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Gen3" description="Release, services, login">
          <Stack mt="md">
            <Checkbox
              label="Configure Gen3 now (release, hostname, services, login providers)"
              checked={withGen3}
              onChange={(event) => setWithGen3(event.currentTarget.checked)}
            />
            {withGen3 && (
              <>
                {typeof gen3.release === 'string' && /^\d{4}\.\d{2}$/.test(gen3.release) && (
                  <ReleaseNotes version={gen3.release} compact />
                )}
                <SchemaForm
                  formRef={gen3FormRef}
                  idPrefix="gen3"
                  label="Gen3 settings"
                  schema={gen3Schema}
                  formData={gen3}
                  extraErrors={gen3ServerErrors}
                  uiSchema={{
                    serviceOverrides: { 'ui:widget': 'hidden' },
                    release: { 'ui:placeholder': releases.data?.length ? 'Pick a release' : '2025.09' },
                  }}
                  onChange={(data, invalid) => {
                    setGen3((data ?? {}) as Record<string, unknown>);
                    setGen3Invalid(invalid);
                  }}
                />
              </>
            )}
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Review" description="Document and plan">
          <Stack mt="md">
            <Text size="sm">
              Creating stores revision 1 of this document and starts a <strong>plan</strong> run. You see the
              plan (what will be created) before anything is applied; an admin approves it.
            </Text>
            <Code block aria-label="The commons document" data-testid="review-document">
              {JSON.stringify(document, null, 2)}
            </Code>
            {withGen3 && step === 3 && (
              <>
                <Title order={3} size="h4">
                  Rendered Gen3 values
                </Title>
                <RenderedValuesPreview org={org} document={document} />
              </>
            )}
            <ErrorAlert error={create.error} title="The commons could not be created" />
            {create.error && (inputsServerErrors || gen3ServerErrors) && (
              <Alert color="yellow">Go back to the marked step to fix the fields above.</Alert>
            )}
          </Stack>
        </Stepper.Step>
      </Stepper>
      <Group>
        {step > 0 && (
          <Button variant="default" onClick={() => setStep(step - 1)}>
            Back
          </Button>
        )}
        {step < 3 ? (
          <Button
            onClick={next}
            disabled={
              (step === 0 && !basicsReady) ||
              (step === 1 && (!inputsSchema || inputsInvalid)) ||
              (step === 2 && withGen3 && gen3Invalid)
            }
          >
            Next
          </Button>
        ) : (
          <Button color="green" onClick={() => create.mutate()} loading={create.isPending}>
            Create and plan
          </Button>
        )}
      </Group>
    </Stack>
  );
}
