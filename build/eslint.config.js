// ESLint: typescript-eslint's type-checked rules, the layer table (build/eslint-layers.js) and the rules that keep
// raw IPC, network access and machine-specific paths where they belong.
import boundaries from '@boundaries/eslint-plugin';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { layeringRule, layeringSettings } from './eslint-layers.js';

const root = new URL('..', import.meta.url).pathname;

// Raw IPC lives in one file per side: ipc.ts checks every caller's frame, the preload exposes one function per call.
const ipcMainOnlyInIpc = {
  name: 'electron',
  importNames: ['ipcMain'],
  message: 'ipc: raw ipcMain only in electron/main/ipc.ts, which checks every sender.',
};
const ipcRendererOnlyInPreload = {
  name: 'electron',
  importNames: ['ipcRenderer'],
  message: 'ipc: raw ipcRenderer only in electron/preload/index.ts, which exposes one function per contract call.',
};
// Files of the Electron layers that unit tests import in plain Node.
const noElectronAtRuntime = {
  name: 'electron',
  allowTypeImports: true,
  message: 'This file runs in plain Node too (unit tests import it): import electron only with `import type`.',
};

const NETWORK = ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest'];
const networkMessage = (name) => `network: ${name} only in renderer/src/api/, the renderer's client of the contract.`;

const machinePath = String.raw`/^\/(work|home|Users|root)\//`;
const besideCheckout = String.raw`/^(\.\.\/)+shared(\/|$)/`;
const notImportSource =
  ':not(ImportDeclaration > Literal, ExportNamedDeclaration > Literal, ExportAllDeclaration > Literal, ImportExpression > Literal)';
const noMachinePaths = {
  selector: `Literal[value=${machinePath}], TemplateLiteral > TemplateElement:first-child[value.raw=${machinePath}]`,
  message: "paths: no absolute path of a developer's machine; find files relative to the checkout.",
};
const noReferenceMaterialPath = {
  selector: [
    `Literal[value=${besideCheckout}]${notImportSource}`,
    `TemplateElement[value.raw=${besideCheckout}]`,
    // join(root, '..', 'shared', …)
    "CallExpression > Literal[value='..'] + Literal[value='shared']",
  ].join(', '),
  message:
    'paths: reach the reference material beside the checkout only through test/support/, which knows where it is.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      parserOptions: {
        // Type information from two programs: test/tsconfig.json holds shared/, electron/, test/ and build/*.ts (one
        // program instead of three: lint took 71 s of CPU with a program per layer, 55 s like this), renderer/'s the
        // UI. Whether each layer compiles under its own lib and types stays tsc's job (npm run typecheck).
        project: ['test/tsconfig.json', 'renderer/tsconfig.json'],
        tsconfigRootDir: root,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Type-aware: promises are awaited or handled, never dropped or passed where nothing waits for them.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
            // node:test's test() for tests that need the reference material (test/support/corpus.ts).
            { from: 'file', path: 'test/support/corpus.ts', name: 'corpusTest' },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      // Validators legitimately reject control characters in paths and names.
      'no-control-regex': 'off',
      'no-restricted-imports': ['error', { paths: [ipcMainOnlyInIpc, ipcRendererOnlyInPreload] }],
      'no-restricted-syntax': ['error', noMachinePaths, noReferenceMaterialPath],
    },
  },
  {
    // The JavaScript scripts and configs belong to no tsconfig: linted without type information.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
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
    // The layer table: who may import whom, and which packages (build/eslint-layers.js).
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    plugins: { boundaries },
    settings: layeringSettings,
    rules: { 'boundaries/dependencies': layeringRule },
  },
  {
    files: ['electron/main/ipc.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ipcRendererOnlyInPreload] }] },
  },
  {
    files: ['electron/preload/index.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ipcMainOnlyInIpc] }] },
  },
  {
    files: [
      'electron/preload/api.ts',
      'electron/main/ipc-bridge.ts',
      'electron/main/window-options.ts',
      'electron/main/app-origin.ts',
    ],
    rules: {
      'no-restricted-imports': ['error', { paths: [ipcMainOnlyInIpc, ipcRendererOnlyInPreload, noElectronAtRuntime] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The backend is reached only through the contract's client (renderer/src/api/).
      'no-restricted-globals': ['error', ...NETWORK.map((name) => ({ name, message: networkMessage(name) }))],
      'no-restricted-properties': [
        'error',
        ...['window', 'globalThis', 'self'].flatMap((object) =>
          NETWORK.map((property) => ({ object, property, message: networkMessage(property) })),
        ),
      ],
    },
  },
  { files: ['renderer/src/api/**'], rules: { 'no-restricted-globals': 'off', 'no-restricted-properties': 'off' } },
  {
    files: ['test/support/corpus.ts'],
    rules: { 'no-restricted-syntax': ['error', noMachinePaths] },
  },
  {
    // AssemblyScript: its own types (u64, i32…) and semantics, so no type-aware rules; u64 literals are exact there.
    files: ['shared/wasm/**/*.ts'],
    ...tseslint.configs.disableTypeChecked,
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-loss-of-precision': 'off' },
  },
);
