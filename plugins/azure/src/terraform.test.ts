// The azure plugin's Terraform, read as data and checked with real Terraform where this machine allows:
// `terraform fmt -check` runs for real; `terraform validate` and `plan` cannot (the azurerm provider cannot be
// installed here), so the properties a user relies on are asserted on the parsed HCL instead, and the
// provider-schema checker (providerSchema.test.ts) checks every name against azurerm 4.55.0's published schema.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTerraformVariables } from './toTerraformVariables.ts';
import { SERVICE_ACCOUNTS } from './placeholderOutputs.ts';
import {
  AZURE_TERRAFORM_DIR,
  readTerraformModule,
  type TerraformModule,
} from './testing/readTerraformModule.ts';

const gen3HelmDir = join(AZURE_TERRAFORM_DIR, '..', '..', '..', '..', 'shared', 'gen3-helm');

let module: TerraformModule;
beforeAll(async () => {
  module = await readTerraformModule();
});

const resource = (address: string): Record<string, any> => {
  const body = module.resources[address];
  if (!body) throw new Error(`terraform/ has no resource ${address}`);
  return body as Record<string, any>;
};
/** hcl2json gives a nested block as a list of bodies. */
const block = (body: Record<string, any>, name: string): Record<string, any> => body[name]?.[0] ?? {};

describe('azure plugin Terraform', () => {
  it('is formatted (terraform fmt -check, real Terraform)', () => {
    const result = spawnSync('terraform', ['fmt', '-check', '-diff', '-recursive', AZURE_TERRAFORM_DIR], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        CHECKPOINT_DISABLE: '1',
        TF_CLI_CONFIG_FILE: '/dev/null',
      },
      timeout: 120_000,
    });
    expect(result.error).toBeUndefined();
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('uses hashicorp/azurerm 4.55.0 only: no other provider, no module', () => {
    const versions = readFileSync(join(AZURE_TERRAFORM_DIR, 'versions.tf'), 'utf8');
    expect(versions).toMatch(/source\s+=\s+"hashicorp\/azurerm"\s+version\s+=\s+"4\.55\.0"/);
    expect(versions.match(/source\s+=/g)).toHaveLength(1);
    const types = new Set(Object.keys(module.resources).map((address) => address.split('.')[0]!));
    expect([...types].filter((type) => !type.startsWith('azurerm_'))).toEqual([]);
    for (const file of ['aks.tf', 'network.tf', 'postgres.tf', 'storage.tf', 'keyvault.tf', 'identities.tf'])
      expect(readFileSync(join(AZURE_TERRAFORM_DIR, file), 'utf8')).not.toMatch(/^\s*module\s+"/m);
  });

  it('runs AKS with the OIDC issuer, workload identity, Entra ID RBAC and no local accounts', () => {
    const aks = resource('azurerm_kubernetes_cluster.commons');
    expect(aks).toMatchObject({
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      local_account_disabled: true,
    });
    expect(block(aks, 'azure_active_directory_role_based_access_control').azure_rbac_enabled).toBe(true);
    expect(block(aks, 'network_profile').network_policy).toBe('cilium');
    // Control-plane logs go to Log Analytics.
    const logs = resource('azurerm_monitor_diagnostic_setting.aks');
    expect(logs.target_resource_id).toBe('${azurerm_kubernetes_cluster.commons.id}');
    expect(JSON.stringify(logs.dynamic)).toContain('kube-audit-admin');
  });

  it('keeps PostgreSQL private, TLS-only, with the extensions Gen3 creates allow-listed', () => {
    const server = resource('azurerm_postgresql_flexible_server.commons');
    expect(server.public_network_access_enabled).toBe(false);
    expect(server.delegated_subnet_id).toBe('${azurerm_subnet.postgres.id}');
    expect(server.private_dns_zone_id).toBe('${azurerm_private_dns_zone.postgres.id}');
    expect(resource('azurerm_postgresql_flexible_server_configuration.require_tls').value).toBe('on');
    const extensions = readFileSync(join(AZURE_TERRAFORM_DIR, 'postgres.tf'), 'utf8').match(
      /postgres_extensions = \[([^\]]*)\]/,
    )![1]!;
    for (const extension of ['LTREE', 'VECTOR', 'PG_TRGM', 'BTREE_GIN'])
      expect(extensions).toContain(`"${extension}"`);
    expect(resource('azurerm_postgresql_flexible_server_configuration.extensions').name).toBe(
      'azure.extensions',
    );
  });

  it('stores blobs private, encrypted, versioned and soft-deleted, with Entra ID access only', () => {
    const account = resource('azurerm_storage_account.commons');
    expect(account).toMatchObject({
      min_tls_version: 'TLS1_2',
      https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      infrastructure_encryption_enabled: true,
    });
    const blobs = block(account, 'blob_properties');
    expect(blobs.versioning_enabled).toBe(true);
    expect(block(blobs, 'delete_retention_policy').days).toBe('${var.blob_soft_delete_days}');
    expect(resource('azurerm_storage_container.commons').container_access_type).toBe('private');
    const locals = readFileSync(join(AZURE_TERRAFORM_DIR, 'locals.tf'), 'utf8');
    for (const container of ['data', 'logs', 'manifests', 'useryaml'])
      expect(locals).toContain(`"${container}"`);
  });

  it('authorises Key Vault by RBAC only, with purge protection', () => {
    expect(resource('azurerm_key_vault.commons')).toMatchObject({
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
    });
    expect(resource('azurerm_role_assignment.external_secrets_reader')).toMatchObject({
      role_definition_name: 'Key Vault Secrets User',
      scope: '${azurerm_key_vault.commons.id}',
    });
  });

  it('federates one managed identity per service to the service account gen3-helm creates for it', () => {
    const credential = resource('azurerm_federated_identity_credential.service');
    expect(credential.issuer).toBe('${azurerm_kubernetes_cluster.commons.oidc_issuer_url}');
    expect(credential.subject).toBe('system:serviceaccount:${var.namespace}:${each.value.service_account}');
    expect(credential.audience).toEqual(['api://AzureADTokenExchange']);
    const identities = readFileSync(join(AZURE_TERRAFORM_DIR, 'identities.tf'), 'utf8');
    for (const [service, serviceAccount] of Object.entries(SERVICE_ACCOUNTS)) {
      expect(identities).toMatch(new RegExp(`${service}\\s+= \\{ service_account = "${serviceAccount}" \\}`));
      const grep = spawnSync('grep', ['-rlw', serviceAccount, gen3HelmDir], { encoding: 'utf8' });
      expect(grep.stdout, `no gen3-helm chart names the service account ${serviceAccount}`).not.toBe('');
    }
  });

  it('puts the Application Gateway WAF only behind wafEnabled, with OWASP managed rules', () => {
    for (const address of [
      'azurerm_application_gateway.commons',
      'azurerm_web_application_firewall_policy.commons',
      'azurerm_public_ip.appgateway',
    ])
      expect(resource(address).count, address).toBe('${var.waf_enabled ? 1 : 0}');
    const policy = resource('azurerm_web_application_firewall_policy.commons');
    expect(block(block(policy, 'managed_rules'), 'managed_rule_set')).toMatchObject({
      type: 'OWASP',
      version: '3.2',
    });
    expect(block(policy, 'policy_settings').mode).toBe('${var.waf_mode}');
  });

  it('lets the generated database password reach write-only arguments only (never plan, state or output)', () => {
    const uses: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (typeof value === 'string' && value.includes('local.postgres_admin_password')) uses.push(path);
      else if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${path}[${index}]`));
      else if (value && typeof value === 'object')
        for (const [key, item] of Object.entries(value)) walk(item, path ? `${path}.${key}` : key);
    };
    for (const [address, body] of Object.entries(module.resources)) walk(body, address);
    expect(uses.sort()).toEqual([
      'azurerm_key_vault_secret.postgres_master.value_wo',
      'azurerm_postgresql_flexible_server.commons.administrator_password_wo',
    ]);
    const outputValues = readFileSync(join(AZURE_TERRAFORM_DIR, 'outputs.tf'), 'utf8')
      .split('\n')
      .filter((line) => /^\s*(value|sensitive)\s*=/.test(line));
    expect(outputValues.length).toBe(module.outputs.length);
    expect(
      outputValues.filter((line) => /password|secret_value|client_secret|sensitive/i.test(line)),
    ).toEqual([]);
    // No credential is a variable: the service principal travels in ARM_* environment variables.
    expect(
      Object.keys(module.variables).filter((name) => /secret|client|tenant|subscription/.test(name)),
    ).toEqual([]);
  });
});

/**
 * Terraform's own variable validations, run for real: variables.tf alone needs no provider, so `terraform
 * plan` on it evaluates every validation offline — the guard for a hand-written tfvars that skips the schema.
 */
describe('azure plugin Terraform variable validations (real terraform plan of variables.tf)', () => {
  let dir: string;
  const terraform = (args: string[]) =>
    spawnSync('terraform', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        CHECKPOINT_DISABLE: '1',
        TF_IN_AUTOMATION: '1',
        TF_CLI_CONFIG_FILE: join(dir, 'terraform.rc'),
      },
      timeout: 120_000,
    });
  const plan = (variables: Record<string, unknown>) => {
    writeFileSync(join(dir, 'case.tfvars.json'), JSON.stringify(variables));
    return terraform(['plan', '-input=false', '-no-color', '-lock=false', '-var-file=case.tfvars.json']);
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'csoc-azure-vars-'));
    copyFileSync(join(AZURE_TERRAFORM_DIR, 'variables.tf'), join(dir, 'variables.tf'));
    writeFileSync(join(dir, 'terraform.rc'), 'disable_checkpoint = true\n');
    const init = terraform(['init', '-input=false', '-no-color', '-backend=false']);
    expect(init.status, init.stderr).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts every example as the plugin writes it', () => {
    const examplesDir = join(AZURE_TERRAFORM_DIR, '..', 'examples');
    for (const name of readdirSync(examplesDir)) {
      const inputs = JSON.parse(readFileSync(join(examplesDir, name), 'utf8')) as Record<string, unknown>;
      const variables = toTerraformVariables(inputs, { commons: { org: 'contoso', name: 'heart' } });
      const result = plan(variables);
      expect(result.status, `${name}: ${result.stderr}`).toBe(0);
    }
  }, 120_000);

  it.each([
    ['vnet_cidr', '10.0.0.0/8'],
    ['api_server_authorized_ip_ranges', ['0.0.0.0/0']],
    ['environment', 'gen3--dev'],
    ['size', 'xlarge'],
    ['waf_mode', 'Block'],
    ['elasticsearch_url', 'http://es:9200/path'],
    ['log_retention_days', 7],
  ])(
    'refuses %s = %j, naming the variable',
    (variable, value) => {
      const result = plan({ environment: 'gen3-dev', location: 'eastus', [variable]: value });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(`var.${variable}`);
    },
    120_000,
  );
});
