// The commons bootstrap step runs inside the apply with the plugin's own role (plugins/aws/terraform/
// secrets.tf): every AWS operation its code calls must be among the permissions the manifest declares, or
// the first apply of every commons stops at the bootstrap with AccessDenied. The operations are read from
// the bootstrap's source, so a new call without a declared permission fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bootstrapDir = fileURLToPath(new URL('.', import.meta.url));
const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as {
  permissions: Array<{ actions: string[] }>;
};

/** RDS Data API paths and the IAM actions that allow them. */
const RDS_DATA_ACTIONS: Record<string, string> = {
  Execute: 'ExecuteStatement',
  BatchExecute: 'BatchExecuteStatement',
  BeginTransaction: 'BeginTransaction',
  CommitTransaction: 'CommitTransaction',
  RollbackTransaction: 'RollbackTransaction',
};

/** The IAM actions of every callRdsData and callSecretsManager call in the bootstrap's source files. */
function bootstrapActions(): string[] {
  const actions = new Set<string>();
  for (const file of readdirSync(bootstrapDir)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const source = readFileSync(join(bootstrapDir, file), 'utf8');
    for (const [, path] of source.matchAll(/callRdsData(?:<[^(]*?>)?\(\s*\w+,\s*'\/(\w+)'/g)) {
      const action = RDS_DATA_ACTIONS[path!];
      if (!action) throw new Error(`${file} calls the RDS Data API path /${path}, unknown to this test`);
      actions.add(`rds-data:${action}`);
    }
    for (const [, operation] of source.matchAll(/callSecretsManager(?:<[^(]*?>)?\(\s*\w+,\s*'(\w+)'/g))
      actions.add(`secretsmanager:${operation}`);
  }
  return [...actions].sort();
}

describe('the permissions the aws plugin declares', () => {
  it('allow every AWS operation the commons bootstrap calls', () => {
    const actions = bootstrapActions();
    expect(actions).toEqual(
      expect.arrayContaining([
        'rds-data:BeginTransaction',
        'rds-data:CommitTransaction',
        'rds-data:ExecuteStatement',
        'rds-data:RollbackTransaction',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
      ]),
    );
    const declared = new Set(manifest.permissions.flatMap((permission) => permission.actions));
    expect(actions.filter((action) => !declared.has(action))).toEqual([]);
  });
});
