// ESLint: typescript-eslint's recommended rules plus the layering rules the architecture depends on.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'net',
  'stream',
  'worker_threads',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Validators legitimately reject control characters in paths and names.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', ...nodeBuiltins, '**/electron/**'],
              message: 'The renderer imports only shared/ and its own code.',
            },
          ],
        },
      ],
    },
  },
  {
    // AssemblyScript: u64 literals are exact there (JavaScript's would round).
    files: ['shared/wasm/**/*.ts'],
    rules: { 'no-loss-of-precision': 'off' },
  },
  {
    // shared/ is pure: no Node, DOM or Electron (tsconfig lib/types enforce the globals, this the imports).
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'react', 'react-dom', ...nodeBuiltins, '**/electron/**', '**/renderer/**'],
              message: 'shared/ must stay pure TypeScript.',
            },
          ],
        },
      ],
    },
  },
  {
    // Node-side services are reused by the browser-mode server and the CLI, which run in plain Node.
    files: [
      'electron/backend/**/*.ts',
      'electron/server/**/*.ts',
      'electron/cli/**/*.ts',
      'electron/preload/api.ts',
      'electron/main/window-options.ts',
      'electron/main/app-origin.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Plain-Node code must never import electron at runtime.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
