// Type-aware lint for the whole workspace. Invariants the team cares about live here, not in review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { accessMarkingRule } from './tools/eslint-rules/controller-access-marking.js';
import { layeringConfigs } from './tools/eslint-rules/layering.js';
import { noFocusedTestsRule } from './tools/eslint-rules/no-focused-tests.js';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.data/**',
      'e2e/artifacts/**',
      'e2e/test-results/**',
      '**/*.config.ts',
      '**/*.config.js',
      'eslint.config.js',
      'tools/**',
      'scripts/**',
      '.ci/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: {
      wsnoc: {
        rules: { 'controller-access-marking': accessMarkingRule, 'no-focused-tests': noFocusedTestsRule },
      },
    },
    rules: {
      'wsnoc/no-focused-tests': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: {
      'wsnoc/controller-access-marking': 'error',
      // Nest injects by the emitted constructor metadata, so injected classes must be value imports.
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  ...layeringConfigs,
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['**/*.spec.ts', '**/*.spec.tsx', '**/test/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
