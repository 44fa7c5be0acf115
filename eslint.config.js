// One lint setup for every package: typescript-eslint's recommended rules, plus the house rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
