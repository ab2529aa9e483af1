// House rules that run (npm run lint, part of npm test). Kept modest on
// purpose: correctness rules plus the architecture rule below. Formatting is
// Prettier's job (npm run format), not ESLint's.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// The UI talks to the engine only through the HTTP API and SSE: from these
// folders it may take types, never code.
const ENGINE_SIDE = ['runtime', 'store', 'components'];
const uiImports = {
  'no-restricted-imports': [
    'error',
    {
      patterns: ENGINE_SIDE.flatMap((dir) => [
        {
          group: [`@/lib/${dir}`, `@/lib/${dir}/*`, `**/lib/${dir}`, `**/lib/${dir}/*`],
          allowTypeImports: true,
          message: `components/ and app/ pages take only types from lib/${dir} (import type); talk to the engine through the HTTP API.`,
        },
      ]),
    },
  ],
};

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      '.next/',
      '.runtime/',
      'data/',
      'test-results/',
      'playwright-report/',
      'e2e/screenshots/',
      '.bench/',
      'test/fixtures/',
      'next-env.d.ts',
      'lib/db/',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Empty catch blocks here say "best effort" and carry a comment.
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}'],
    ignores: ['app/api/**'],
    rules: uiImports,
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        WebAssembly: 'readonly',
      },
    },
  },
);
