// The commons secrets of the aws plugin's Terraform, planned for real (offline, provider mirror): every entry
// of terraform/commons-secrets.json is planned under the "<environment>-<namespace>-" prefix the External
// Secrets role may read, and no generated value can reach the plan or the state: every expression that
// reads a generated value (uuid-based locals, the Aurora master password) is a write-only argument, and
// every secret version plans its value as null (write-only), never as a known or unknown attribute.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertTerraformAvailable,
  createTerraformWorkspace,
  type TerraformWorkspace,
} from './testing/createTerraformWorkspace.ts';
import { findProviderMirror } from './testing/findProviderMirror.ts';
import { startRecordingProxy, type RecordingProxy } from './testing/startRecordingProxy.ts';
import { toTerraformVariables } from './toTerraformVariables.ts';

const pluginDir = fileURLToPath(new URL('..', import.meta.url));
const moduleDir = join(pluginDir, 'terraform');
const manifest = JSON.parse(readFileSync(join(pluginDir, 'manifest.json'), 'utf8'));
const catalog = JSON.parse(readFileSync(join(moduleDir, 'commons-secrets.json'), 'utf8')) as {
  databaseCredentialProperties: string[];
  secrets: Record<string, { properties: string[]; creator: 'terraform' | 'bootstrap' }>;
};
const inputs = {
  ...JSON.parse(readFileSync(join(pluginDir, 'examples', 'production.inputs.json'), 'utf8')),
  namespace: 'brain',
  databaseServices: manifest.inputs.properties.databaseServices.items.enum as string[],
};
const prefix = `${inputs.environment}-brain-`;

/** Locals that hold generated secret values: only write-only arguments may read them. */
const GENERATED_LOCALS = [
  'local.aurora_master_password',
  'local.database',
  'local.indexd_passwords',
  'local.fernet_keys',
  'local.gateway_authz',
  'local.secret_values',
];

interface ResourceChange {
  address: string;
  mode: string;
  type: string;
  change: { after: Record<string, unknown>; after_unknown: Record<string, unknown> };
}
interface PlanJson {
  resource_changes: ResourceChange[];
  configuration: { root_module: { resources: { address: string; expressions: Record<string, unknown> }[] } };
}

let workspace: TerraformWorkspace;
let proxy: RecordingProxy;
let plan: PlanJson;
let planText: string;

async function terraform(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await workspace.run(args, env);
  if (result.code !== 0)
    throw new Error(`terraform ${args.join(' ')} failed:\n${result.stderr}\n${result.stdout}`);
  return result.stdout;
}

beforeAll(async () => {
  assertTerraformAvailable();
  workspace = await createTerraformWorkspace({ moduleDir, mirror: findProviderMirror() });
  proxy = await startRecordingProxy();
  await terraform(['init', '-input=false', '-no-color']);
  const varFile = join(workspace.dir, 'secrets.tfvars.json');
  await writeFile(varFile, JSON.stringify({ ...toTerraformVariables(inputs), plan_offline: true }));
  const env = {
    AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-key',
    AWS_REGION: String(inputs.region),
    HTTPS_PROXY: proxy.url,
    HTTP_PROXY: proxy.url,
  };
  await terraform(
    ['plan', '-input=false', '-lock=false', '-no-color', `-var-file=${varFile}`, '-out=secrets.tfplan'],
    env,
  );
  planText = await terraform(['show', '-json', 'secrets.tfplan']);
  plan = JSON.parse(planText) as PlanJson;
}, 400_000);

afterAll(async () => {
  await proxy?.close();
  await workspace?.remove();
});

const change = (address: string): ResourceChange => {
  const found = plan.resource_changes.find((r) => r.address === address);
  if (!found) throw new Error(`${address} is not in the plan`);
  return found;
};

/** Every `"<attribute>": {"references": [...]}` path in a configuration expression tree. */
function referencingAttributes(
  expressions: unknown,
  path = '',
): Array<{ path: string; references: string[] }> {
  if (Array.isArray(expressions))
    return expressions.flatMap((item, i) => referencingAttributes(item, `${path}[${i}]`));
  if (typeof expressions !== 'object' || expressions === null) return [];
  const found: Array<{ path: string; references: string[] }> = [];
  for (const [key, value] of Object.entries(expressions)) {
    const references = (value as { references?: string[] })?.references;
    if (references) found.push({ path: `${path}${path ? '.' : ''}${key}`, references });
    else found.push(...referencingAttributes(value, `${path}${path ? '.' : ''}${key}`));
  }
  return found;
}

describe('aws plugin Terraform: commons secrets', () => {
  it('plans every secret of commons-secrets.json under the <environment>-<namespace>- prefix, properties and creator as tags', () => {
    for (const [name, entry] of Object.entries(catalog.secrets)) {
      const after = change(`aws_secretsmanager_secret.commons["${name}"]`).change.after;
      expect(after.name).toBe(`${prefix}${name}`);
      expect(after.tags).toEqual({
        'csoc:properties': entry.properties.join(' '),
        'csoc:creator': entry.creator,
      });
      const version = plan.resource_changes.find(
        (r) => r.address === `aws_secretsmanager_secret_version.commons["${name}"]`,
      );
      // A bootstrap entry is created empty: its value is the bootstrap step's to write.
      expect(Boolean(version), `${name} has a Terraform-written version`).toBe(entry.creator === 'terraform');
    }
    for (const service of inputs.databaseServices) {
      expect(change(`aws_secretsmanager_secret.db_creds["${service}"]`).change.after.name).toBe(
        `${prefix}${service}-creds`,
      );
    }
  });

  it('writes every generated value through write-only arguments: null in the plan, never unknown, never known', () => {
    const versions = plan.resource_changes.filter((r) => r.type === 'aws_secretsmanager_secret_version');
    expect(versions.length).toBe(
      1 +
        inputs.databaseServices.length +
        Object.values(catalog.secrets).filter((s) => s.creator === 'terraform').length,
    );
    for (const version of versions) {
      expect(version.change.after.secret_string ?? null, version.address).toBeNull();
      expect(version.change.after_unknown.secret_string, version.address).toBeUndefined();
      expect(version.change.after.secret_string_wo ?? null, version.address).toBeNull();
      expect(version.change.after.secret_binary ?? null, version.address).toBeNull();
    }
    const aurora = change('aws_rds_cluster.main').change;
    expect(aurora.after.master_password ?? null).toBeNull();
    expect(aurora.after_unknown.master_password).toBeUndefined();
    expect(aurora.after.master_password_wo ?? null).toBeNull();
  });

  it('lets only write-only arguments and secret names read the generated values', () => {
    const offenders: string[] = [];
    for (const resource of plan.configuration.root_module.resources) {
      for (const { path, references } of referencingAttributes(resource.expressions)) {
        const generated = references.filter((ref) =>
          GENERATED_LOCALS.some(
            (local) => ref === local || ref.startsWith(`${local}.`) || ref.startsWith(`${local}[`),
          ),
        );
        if (generated.length > 0 && !/_wo$/.test(path))
          offenders.push(`${resource.address}.${path} reads ${generated.join(', ')}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('never prints a generated value: the plan JSON has no password-like string of 32 hex digits', () => {
    // uuid()-derived values are 32 hex digits; none may appear anywhere in the plan document.
    expect(planText.match(/\b[0-9a-f]{32}\b/g) ?? []).toEqual([]);
  });
});
