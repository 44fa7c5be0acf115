// The lint rule of issue 12, through ESLint's Node API and the repository's own eslint.config.js: a
// relative import into another package fails the lint; imports inside a package or by package name pass.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: repoRoot });

/** The messages of the cross-package rules for a snippet linted as if it were the file at `filePath`. */
async function crossPackageMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}${filePath}` });
  return result!.messages
    .filter((message) =>
      ['csoc/no-cross-package-imports', 'no-restricted-imports'].includes(message.ruleId ?? ''),
    )
    .map((message) => message.message);
}

describe('csoc/no-cross-package-imports', () => {
  it("fails a portal file that imports the server's sources by a relative path", async () => {
    const messages = await crossPackageMessages(
      'packages/web/src/app/useSession.ts',
      "import { roleAllows } from '../../../server/src/access/authorizeRequest.ts';\nexport const can = roleAllows;\n",
    );
    expect(messages).toEqual([
      '\'../../../server/src/access/authorizeRequest.ts\' reaches from packages/web into packages/server by a relative path; import the package by its name and an entry of its package.json "exports" (add one there if it is missing).',
    ]);
  });

  it('fails re-exports, dynamic imports, import types and imports from the repository root into a package', async () => {
    expect(
      await crossPackageMessages(
        'packages/cli/src/example.ts',
        "export * from '../../common/src/index.ts';\n",
      ),
    ).toHaveLength(1);
    expect(
      await crossPackageMessages(
        'plugins/sim/src/example.ts',
        "export const load = () => import('../../../packages/server/src/startCsoc.ts');\n",
      ),
    ).toHaveLength(1);
    expect(
      await crossPackageMessages(
        'bench/example.ts',
        "export { newId } from '../packages/common/src/newId.ts';\n",
      ),
    ).toHaveLength(1);
    expect(
      await crossPackageMessages(
        'packages/web/src/example.ts',
        "export type Policy = typeof import('../../common/src/access/policy.ts');\n",
      ),
    ).toHaveLength(1);
  });

  it('passes relative imports inside a package and imports by package name', async () => {
    expect(
      await crossPackageMessages(
        'packages/server/src/gitops/deploys/example.ts',
        [
          "export { createRunQueue } from '../../runs/createRunQueue.ts';",
          "export { startCsoc } from '../../startCsoc.ts';",
          "export { roleAllows } from '@csoc/common/access';",
          "export { startTestCsoc } from '@csoc/server/testing/startTestCsoc.ts';",
          '',
        ].join('\n'),
      ),
    ).toEqual([]);
    expect(
      await crossPackageMessages(
        'packages/server/scripts/example.ts',
        "export { startCsoc } from '../src/startCsoc.ts';\n",
      ),
    ).toEqual([]);
  });

  it("keeps a package's internals for the benchmarks", async () => {
    const internal =
      "export { toRenderInput } from '@csoc/server/internal/gitops/rendering/toRenderInput.ts';\n";
    expect(await crossPackageMessages('packages/cli/src/example.ts', internal)).toHaveLength(1);
    expect(await crossPackageMessages('bench/example.ts', internal)).toEqual([]);
  });
});
