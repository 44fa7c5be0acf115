// A local ESLint rule: a relative import must stay inside its own package (the nearest folder with a
// package.json). Another package is reached by its name and its `exports` (`@csoc/common/access`,
// `@csoc/server/testing/startTestCsoc.ts`), never by a path such as '../../../server/src/...'.
import { existsSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const packageRoots = new Map();

/** The nearest folder at or above `directory` that holds a package.json (the repository root last). */
function packageRootOf(directory) {
  const cached = packageRoots.get(directory);
  if (cached !== undefined) return cached;
  const parent = path.dirname(directory);
  const root =
    existsSync(path.join(directory, 'package.json')) || parent === directory
      ? directory
      : packageRootOf(parent);
  packageRoots.set(directory, root);
  return root;
}

function packageNameOf(root) {
  return path.relative(process.cwd(), root) || 'the repository root';
}

/** @type {import('eslint').Rule.RuleModule} */
export const noCrossPackageImports = {
  meta: {
    type: 'problem',
    docs: { description: "Forbid relative imports that reach into another package's files." },
    schema: [],
    messages: {
      crossPackage:
        '\'{{source}}\' reaches from {{from}} into {{into}} by a relative path; import the package by its name and an entry of its package.json "exports" (add one there if it is missing).',
    },
  },
  create(context) {
    const filename = context.filename;
    if (!path.isAbsolute(filename)) return {};
    const fromRoot = packageRootOf(path.dirname(filename));
    function check(node) {
      const source = node?.type === 'Literal' ? node.value : undefined;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(filename), source);
      const intoRoot = packageRootOf(path.dirname(target));
      // An import of a package's own root folder (e.g. '..' resolving to it) stays inside it too.
      if (intoRoot === fromRoot || target === fromRoot) return;
      context.report({
        node,
        messageId: 'crossPackage',
        data: { source, from: packageNameOf(fromRoot), into: packageNameOf(intoRoot) },
      });
    }
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      // `typeof import('../x.ts')` in a type, and `import x = require('../x')`.
      TSImportType: (node) => check(node.argument?.literal ?? node.argument),
      TSExternalModuleReference: (node) => check(node.expression),
    };
  },
};
