// Reads plugins/azure/terraform as data (HCL parsed to JSON by @cdktn/hcl2json): its variables with their
// defaults, its output names and its resources. Tests use it so a renamed output or changed default breaks them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktn/hcl2json';

/** plugins/azure/terraform */
export const AZURE_TERRAFORM_DIR = fileURLToPath(new URL('../../terraform', import.meta.url));

export interface TerraformVariable {
  default?: unknown;
  type?: string;
}

export interface TerraformModule {
  variables: Record<string, TerraformVariable>;
  /** Output names, in file order. */
  outputs: string[];
  /** Resource address (`type.name`) -> its body as hcl2json gives it (expressions as `${...}` strings). */
  resources: Record<string, Record<string, unknown>>;
}

type Blocks = Record<string, Record<string, unknown>[]>;

/** Parses every .tf file of `dir` (default: the plugin's module). */
export async function readTerraformModule(dir = AZURE_TERRAFORM_DIR): Promise<TerraformModule> {
  const module: TerraformModule = { variables: {}, outputs: [], resources: {} };
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.tf'))) {
    const json = (await parse(file, readFileSync(join(dir, file), 'utf8'))) as {
      variable?: Blocks;
      output?: Blocks;
      resource?: Record<string, Blocks>;
    };
    for (const [name, [body]] of Object.entries(json.variable ?? {}))
      module.variables[name] = body as TerraformVariable;
    module.outputs.push(...Object.keys(json.output ?? {}));
    for (const [type, instances] of Object.entries(json.resource ?? {}))
      for (const [name, [body]] of Object.entries(instances)) module.resources[`${type}.${name}`] = body!;
  }
  return module;
}
