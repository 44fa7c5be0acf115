// Picks the IaC engine: `tofu` when it is on PATH, else `terraform` (the Gen3 ecosystem runs either).
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Environment variable that names the engine binary explicitly (a path or a command on PATH). */
export const TERRAFORM_BINARY_ENV = 'CSOC_TF_BINARY';

function onPath(command: string, pathVariable: string): string | undefined {
  for (const dir of pathVariable.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Returns the path of `tofu` when on PATH, else of `terraform`; `$CSOC_TF_BINARY` overrides both.
 * Throws when neither is installed.
 */
export function findTerraformBinary(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[TERRAFORM_BINARY_ENV];
  if (override) return override;
  const path = env.PATH ?? '';
  const found = onPath('tofu', path) ?? onPath('terraform', path);
  if (!found) {
    throw new Error(
      'Neither tofu nor terraform is on PATH: install OpenTofu or Terraform (1.6 or newer), or set CSOC_TF_BINARY',
    );
  }
  return found;
}
