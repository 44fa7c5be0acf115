// The checker against the published schemas of azurerm 4.55.0, google 6.50.0 and digitalocean 2.71.0
// (cdktf assemblies, test data): good modules pass, misspellings are named with the nearest valid name at
// the right file:line, missing required arguments and blocks are reported.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeTerraformSchema, checkTerraformSchema } from './checkTerraformSchema.ts';
import type { ProviderSchema } from './providerSchema.ts';
import { readJsiiProviderSchema } from './readJsiiProviderSchema.ts';

const repoRoot = join(import.meta.dirname, '../../../../..');
const testdata = join(import.meta.dirname, 'testdata');
const assembly = (provider: string): string =>
  join(repoRoot, 'node_modules/@cdktf', `provider-${provider}`, '.jsii');

const schemas: Record<string, ProviderSchema> = {};

beforeAll(async () => {
  for (const provider of ['azurerm', 'google', 'digitalocean']) {
    schemas[provider] = await readJsiiProviderSchema(assembly(provider));
  }
}, 120_000);

/** [file, line, suggestion] of each problem, the part a user acts on. */
function located(
  problems: { file: string; line: number; suggestion?: string }[],
): [string, number, string | undefined][] {
  return problems.map((p) => [p.file, p.line, p.suggestion]);
}

describe.each(['azurerm', 'google', 'digitalocean'])('the %s schema', (provider) => {
  it('passes a module that uses it correctly', async () => {
    const problems = await checkTerraformSchema({
      terraformDir: join(testdata, provider, 'good'),
      schemas: [schemas[provider]!],
    });
    expect(problems).toEqual([]);
  });
});

describe('a module with mistakes', () => {
  it('names each azurerm misspelling with file, line and the nearest name, and the missing required argument', async () => {
    const problems = await checkTerraformSchema({
      terraformDir: join(testdata, 'azurerm/bad'),
      schemas: [schemas.azurerm!],
    });
    expect(located(problems)).toEqual([
      ['main.tf', 1, undefined], // location missing
      ['main.tf', 4, 'dns_prefix'],
      ['main.tf', 9, 'node_count'], // inside default_node_pool
      ['main.tf', 12, 'identity'], // dynamic "identiy"
      ['main.tf', 20, 'azurerm_kubernetes_cluster'], // unknown resource type
    ]);
    expect(problems[0]!.message).toBe(
      'main.tf:1: azurerm_kubernetes_cluster.main: the required argument "location" is missing; set it',
    );
    expect(problems[1]!.message).toBe(
      'main.tf:4: azurerm_kubernetes_cluster.main: unsupported argument or block "dns_prefx"; did you mean "dns_prefix"?',
    );
    expect(problems[2]!.message).toContain(
      'azurerm_kubernetes_cluster.main.default_node_pool: unsupported argument or block "node_cont"',
    );
    expect(problems[4]!.message).toContain('has no resource type "azurerm_kubernetes_clustr"');
  });

  it('names google misspellings at the top level and in a nested block, and the missing required argument', async () => {
    const problems = await checkTerraformSchema({
      terraformDir: join(testdata, 'google/bad'),
      schemas: [schemas.google!],
    });
    expect(located(problems)).toEqual([
      ['main.tf', 3, 'auto_create_subnetworks'],
      ['main.tf', 6, undefined],
      ['main.tf', 10, 'machine_type'],
    ]);
    expect(problems[1]!.message).toContain(
      'google_container_node_pool.main: the required argument "cluster" is missing',
    );
  });

  it('names a digitalocean misspelling, the required argument and block it leaves missing, and an unknown data source', async () => {
    const problems = await checkTerraformSchema({
      terraformDir: join(testdata, 'digitalocean/bad'),
      schemas: [schemas.digitalocean!],
    });
    expect(problems.map((p) => p.message)).toEqual([
      'main.tf:1: digitalocean_kubernetes_cluster.main: the required argument "region" is missing; set it',
      'main.tf:1: digitalocean_kubernetes_cluster.main: the required block "node_pool" is missing; add one `node_pool { ... }`',
      'main.tf:3: digitalocean_kubernetes_cluster.main: unsupported argument or block "regoin"; did you mean "region"?',
      'main.tf:7: data.digitalocean_kubernetes_version.current: the digitalocean/digitalocean provider (@cdktf/provider-digitalocean@13.14.1) has no data source "digitalocean_kubernetes_version"; did you mean "digitalocean_kubernetes_versions"?',
    ]);
  });
});

describe('provider blocks', () => {
  // cdktf marks every provider setting optional (they may come from the environment), so the jsii schema
  // cannot say `features {}` is required for azurerm; a misspelled setting is still caught.
  it('names a misspelled provider setting', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csoc-schema-provider-'));
    try {
      await writeFile(
        join(dir, 'providers.tf'),
        'provider "azurerm" {\n  alias                = "second"\n  storage_use_azuredd = true\n}\n',
      );
      const problems = await checkTerraformSchema({ terraformDir: dir, schemas: [schemas.azurerm!] });
      expect(problems.map((p) => p.message)).toEqual([
        'providers.tf:3: provider "azurerm": unsupported argument or block "storage_use_azuredd"; did you mean "storage_use_azuread"?',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('modules written in place', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csoc-schema-check-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function check(
    text: string,
    strict = false,
  ): Promise<Awaited<ReturnType<typeof analyzeTerraformSchema>>> {
    const folder = await mkdtemp(join(dir, 'module-'));
    await writeFile(join(folder, 'main.tf'), text);
    const analysis = await analyzeTerraformSchema({ terraformDir: folder, schemas: [schemas.digitalocean!] });
    if (!strict) return analysis;
    return {
      problems: await checkTerraformSchema({
        terraformDir: folder,
        schemas: [schemas.digitalocean!],
        strict,
      }),
      unchecked: analysis.unchecked,
    };
  }

  it('finds a misspelling inside a dynamic block content, and counts the dynamic block as the required one', async () => {
    const { problems } = await check(`resource "digitalocean_kubernetes_cluster" "main" {
  name    = "c"
  region  = "nyc3"
  version = "1.31.1-do.0"
  dynamic "node_pool" {
    for_each = [1]
    content {
      name = "main"
      size = "s-2vcpu-4gb"
      node_count = 2
      lables = { a = "b" }
    }
  }
}
`);
    expect(problems.map((p) => [p.line, p.suggestion])).toEqual([[11, 'labels']]);
    expect(problems[0]!.message).toContain(
      'digitalocean_kubernetes_cluster.main.node_pool: unsupported argument or block "lables"',
    );
  });

  it('skips strings, heredocs and comments when it locates lines', async () => {
    const { problems } = await check(`# resource "digitalocean_vpc" "commented" { regoin = 1 }
resource "digitalocean_vpc" "main" {
  name        = "a { b"
  description = <<-EOT
    region = "not an argument"
    }
  EOT
  /* ip_rnage = "x" */
  region      = "nyc3"
  ip_rnage    = "10.0.0.0/16"
}
`);
    expect(problems.map((p) => [p.line, p.suggestion])).toEqual([[10, 'ip_range']]);
  });

  it('reports two blocks where only one is allowed', async () => {
    const { problems } = await check(`resource "digitalocean_kubernetes_cluster" "main" {
  name    = "c"
  region  = "nyc3"
  version = "1"
  node_pool {
    name = "a"
    size = "s"
  }
  node_pool {
    name = "b"
    size = "s"
  }
}
`);
    expect(problems.map((p) => p.message)).toEqual([
      'main.tf:5: digitalocean_kubernetes_cluster.main: 2 "node_pool" blocks, at most 1 allowed',
    ]);
  });

  it('accepts meta-arguments and terraform_data, and notes providers it has no schema for', async () => {
    const analysis = await check(`resource "random_password" "db" {
  length = 24
}
resource "terraform_data" "wait" {
  input            = 1
  triggers_replace = [random_password.db.result]
  depends_on       = [random_password.db]
  lifecycle {
    create_before_destroy = true
  }
  provisioner "local-exec" {
    command = "true"
  }
}
`);
    expect(analysis.problems).toEqual([]);
    expect(analysis.unchecked).toEqual([
      { provider: 'random', file: 'main.tf', line: 1, types: ['random_password'] },
    ]);
  });

  it('makes an unchecked provider a problem when strict', async () => {
    const { problems } = await check('resource "random_id" "x" {\n  byte_length = 4\n}\n', true);
    expect(problems.map((p) => p.message)).toEqual([
      'main.tf:1: not checked: no schema for provider "random" (random_id); pass its schema',
    ]);
  });

  it('names an argument written as a block', async () => {
    const { problems } = await check(`resource "digitalocean_kubernetes_cluster" "main" {
  name    = "c"
  region  = "nyc3"
  version = "1"
  node_pool {
    name = "a"
    size = "s"
    labels {
      role = "main"
    }
  }
}
`);
    expect(problems.map((p) => p.message)).toEqual([
      'main.tf:8: digitalocean_kubernetes_cluster.main.node_pool: "labels" is an argument, not a block; write `labels = ...`',
    ]);
  });

  it('names a required_providers entry whose source or version is not the schema checked with', async () => {
    const otherSource = await check(`terraform {
  required_providers {
    digitalocean = {
      source  = "someone/digitalocean"
      version = "~> 2.30"
    }
  }
}
`);
    expect(otherSource.problems.map((p) => p.message)).toEqual([
      'main.tf:3: required_providers.digitalocean: source "someone/digitalocean" is not the provider of the schema checked with (digitalocean/digitalocean, @cdktf/provider-digitalocean@13.14.1); pass that provider\'s schema',
    ]);
    const otherVersion = await check(`terraform {
  required_providers {
    digitalocean = {
      source  = "registry.terraform.io/digitalocean/digitalocean"
      version = "~> 2.40.0"
    }
  }
}
`);
    expect(otherVersion.problems.map((p) => p.message)).toEqual([
      'main.tf:3: required_providers.digitalocean: version "~> 2.40.0" excludes 2.71.0, the version of the schema checked with (@cdktf/provider-digitalocean@13.14.1); check with a schema of a version the module allows',
    ]);
  });

  it('counts a block set from one expression as written', async () => {
    const { problems } = await check(`resource "digitalocean_kubernetes_cluster" "main" {
  name      = "c"
  region    = "nyc3"
  version   = "1"
  node_pool = var.pools
}
`);
    expect(problems).toEqual([]);
  });

  it('refuses a folder without .tf files instead of passing it', async () => {
    await expect(checkTerraformSchema({ terraformDir: dir, schemas: [] })).rejects.toThrow(
      `${dir} holds no .tf files: point terraformDir at the plugin's Terraform module`,
    );
  });

  it('reports an HCL syntax error with its line instead of throwing', async () => {
    const { problems } = await check('resource "digitalocean_vpc" "main" {\n  name = "a"\n  region = \n}\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^main\.tf:\d+: HCL syntax error/);
  });
});
