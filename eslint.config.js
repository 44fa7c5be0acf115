// One lint setup for every package: typescript-eslint's recommended rules, plus the house rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { noCrossPackageImports } from './eslint-rules/noCrossPackageImports.js';

export default tseslint.config(
  {
    ignores: [
      'packages/common/src/generated/**',
      '**/node_modules/**',
      '**/dist/**',
      '**/.terraform/**',
      '.csoc-data/**',
      'artifacts/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    // A package reaches another only through its name and package.json "exports" (issue 12).
    plugins: { csoc: { rules: { 'no-cross-package-imports': noCrossPackageImports } } },
    rules: {
      'csoc/no-cross-package-imports': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@csoc/*/internal/*'],
              message:
                "A package's internals are for white-box benchmarks (bench/) only; use its public exports.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bench/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Plain Node scripts (.mjs) outside the TypeScript program.
    files: ['**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
  },
  {
    files: [
      '**/*.test.ts',
      'bench/**',
      '**/bin/**',
      '**/scripts/**',
      '**/cli/**',
      '**/testing/**',
      '.ci/**',
      'plugins/**',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests read loosely-typed JSON responses; strict typing there adds noise, not safety.
    files: ['**/*.test.ts', '**/testing/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
