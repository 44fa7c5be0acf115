// Checks a commons spec before anything is stored or run: the plugin version exists and is enabled (and
// gets pinned), the inputs satisfy the plugin's inputs schema, the cloud account exists and suits the
// plugin, and the Gen3 settings are sound. Every problem is a field error; nothing runs on bad input.
import type { CommonsSpec } from '@csoc/common';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { findCloudAccount } from '../credentials/findCloudAccount.ts';
import { InputError, type FieldErrorDetail } from '../errors.ts';
import type { AppContext } from '../http/appContext.ts';
import { fieldErrorsFromValidation } from '../http/errorHandler.ts';
import { latestPluginVersion, resolvePlugin, type InstalledPlugin } from '../plugins/pluginRegistry.ts';
import { validateGen3Settings } from './validateGen3Settings.ts';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false, useDefaults: true }));
const compiled = new Map<string, ReturnType<Ajv['compile']>>();

/** Validates plugin inputs against the plugin's schema, filling schema defaults into `inputs`. */
export function plugInputErrors(
  plugin: InstalledPlugin,
  inputs: Record<string, unknown>,
  fieldPrefix: string,
): FieldErrorDetail[] {
  const key = `${plugin.name}@${plugin.version}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(plugin.manifest.inputs);
    compiled.set(key, validate);
  }
  if (validate(inputs)) return [];
  return fieldErrorsFromValidation(fieldPrefix, (validate.errors ?? []) as ErrorObject[] as never);
}

export interface ValidatedSpec {
  spec: CommonsSpec;
  plugin: InstalledPlugin;
}

export async function validateCommonsSpec(
  context: AppContext,
  orgId: string,
  input: CommonsSpec,
  fieldPrefix = 'body.spec',
): Promise<ValidatedSpec> {
  const spec: CommonsSpec = structuredClone(input);
  const version = spec.plugin.version ?? (await latestPluginVersion(context.database, spec.plugin.name));
  if (!version) {
    throw new InputError(
      `No enabled plugin named ${spec.plugin.name}; see GET /api/v1/plugins.`,
      [{ field: `${fieldPrefix}.plugin.name`, message: 'names no installed, enabled plugin' }],
      'unknown_plugin',
    );
  }
  const plugin = await resolvePlugin(
    context.database,
    spec.plugin.name,
    version,
    `${fieldPrefix}.plugin.version`,
  );
  spec.plugin = { name: plugin.name, version: plugin.version };

  const details: FieldErrorDetail[] = [...plugInputErrors(plugin, spec.inputs, `${fieldPrefix}.inputs`)];
  const account = await findCloudAccount(context.database.db, orgId, spec.account);
  if (!account) {
    details.push({
      field: `${fieldPrefix}.account`,
      message: 'names no cloud account of this organization (see GET .../accounts)',
    });
  } else if (!plugin.manifest.clouds.includes(account.kind as never)) {
    details.push({
      field: `${fieldPrefix}.account`,
      message: `is a ${account.kind} account; plugin ${plugin.name} works with ${plugin.manifest.clouds.join(', ')}`,
    });
  }
  if (spec.gen3) details.push(...validateGen3Settings(spec.gen3, `${fieldPrefix}.gen3`));
  if (details.length) {
    throw new InputError(
      `The commons spec is not valid: ${details.map((detail) => `${detail.field} ${detail.message}`).join('; ')}.`,
      details,
    );
  }
  return { spec, plugin };
}
