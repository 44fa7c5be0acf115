// The provider-schema check as a conformance-kit check: runs the checker on the plugin's terraform/
// folder and turns each problem into a `terraform.schema` violation. It lives here, not in
// runConformance, so the SDK index (which plugin bundles import) never pulls the HCL parser in.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConformanceCheck } from '../runConformance.ts';
import { analyzeTerraformSchema } from './checkTerraformSchema.ts';
import type { ProviderSchema } from './providerSchema.ts';

export interface ProviderSchemaCheckOptions {
  /** Resources of providers without a schema become violations instead of notes. */
  strict?: boolean;
  /** The module folder inside the plugin; default `terraform`. */
  terraformSubdir?: string;
}

/**
 * A conformance check of the plugin's Terraform against `schemas`.
 *
 * @example
 * const schemas = await readProviderSchemaFile('node_modules/@cdktf/provider-azurerm/.jsii');
 * await runConformance({ pluginDir: 'plugins/azure', checks: [providerSchemaCheck(schemas)] });
 */
export function providerSchemaCheck(
  schemas: ProviderSchema[],
  options: ProviderSchemaCheckOptions = {},
): ConformanceCheck {
  const subdir = options.terraformSubdir ?? 'terraform';
  return async (pluginDir) => {
    const terraformDir = join(pluginDir, subdir);
    if (
      !(await stat(terraformDir).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    ) {
      return {
        violations: [
          {
            check: 'terraform.schema',
            message: `no ${subdir}/ folder in the plugin to check against the provider schemas (drop --provider-schema for a plugin without Terraform)`,
          },
        ],
      };
    }
    const { problems, unchecked } = await analyzeTerraformSchema({ terraformDir, schemas });
    const violations = problems.map((problem) => ({
      check: 'terraform.schema',
      message: `${subdir}/${problem.message}`,
      line: problem.line,
    }));
    const notChecked = unchecked.map((u) => ({
      line: u.line,
      message: `${subdir}/${u.file}:${u.line}: not checked: no schema for provider "${u.provider}" (${u.types.join(', ')})`,
    }));
    if (options.strict) {
      violations.push(...notChecked.map((n) => ({ check: 'terraform.schema', ...n })));
      return { violations };
    }
    const notes = notChecked.map((n) => n.message);
    return { violations, notes };
  };
}
