// @ts-check
import { fileURLToPath } from 'node:url';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import local from './eslint-rules/index.js';

/** Repository root: the folder holding this file (and src/). */
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig([
  globalIgnores(['**/node_modules/', 'src/gen/', '.data/', 'dist/', 'coverage/', 'web/dist/', '.es-cache/']),

  // Correctness rules for all TypeScript. No stylistic rules: formatting is not linted.
  {
    name: 'project/typescript',
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: {
        // Type information for the few type-aware rules below; uses the nearest tsconfig.json.
        projectService: true,
        tsconfigRootDir: root,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
      // `import { type A }` still loads the module at runtime under verbatimModuleSyntax;
      // when every specifier is a type, write `import type { A }` instead.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },

  // The plain-JS tooling (this file, eslint-rules/): recommended rules without type information.
  {
    name: 'project/javascript',
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.recommended],
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },

  // The hexagonal dependency rule (see eslint-rules/architecture-boundaries.js).
  {
    name: 'project/architecture',
    files: ['src/**/*.ts'],
    plugins: { local },
    rules: {
      'local/architecture-boundaries': ['error', { root }],
    },
  },
]);
