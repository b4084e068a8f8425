import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import prettierConfig from 'eslint-config-prettier';
import { readdirSync } from 'node:fs';

const noElectron = {
  paths: [
    {
      name: 'electron',
      message: 'Only electron/main and electron/preload may import electron: the core must run in plain Node.',
    },
  ],
  patterns: [
    {
      group: ['electron/*', '**/main/*', '**/preload/*'],
      message: 'Core, host, CLI and contract never depend on the Electron shell.',
    },
  ],
};

const rendererOnlyContract = {
  group: ['**/core/**', '**/host/**', '**/main/**', 'node:*'],
  message: 'The renderer talks to the core only through the contract.',
};
/** The renderer's features, one folder each (renderer/src/features/NAME). */
const features = readdirSync(new URL('renderer/src/features/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'No focused tests.' },
        { object: 'test', property: 'only', message: 'No focused tests.' },
        { object: 'describe', property: 'only', message: 'No focused tests.' },
        { object: 'it', property: 'skip', message: 'Use it.skipIf(reason) with a message, never a bare skip.' },
        { object: 'test', property: 'skip', message: 'Use test.skipIf(reason) with a message, never a bare skip.' },
        {
          object: 'describe',
          property: 'skip',
          message: 'Use describe.skipIf(reason) with a message, never a bare skip.',
        },
      ],
    },
  },
  {
    files: ['electron/core/**', 'electron/contract/**', 'electron/host/**', 'electron/cli/**', 'native/**'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    files: ['electron/core/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          // A deferred transaction that reads and then writes fails at once with "database is locked" when another
          // process wrote in between; IMMEDIATE takes the write lock first and waits out the busy timeout.
          selector: "CallExpression[callee.type='CallExpression'][callee.callee.property.name='transaction']",
          message: 'Run write transactions with .immediate() so they wait for other writers instead of failing.',
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Playwright fixtures must destructure their (possibly empty) dependencies.
    files: ['tests/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [rendererOnlyContract] }],
    },
  },
  {
    // What features share depends on no feature.
    files: ['renderer/src/{components,data,lib}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            rendererOnlyContract,
            { regex: '(^|/)features/', message: 'Shared renderer code may not import a feature.' },
          ],
        },
      ],
    },
  },
  // A feature imports no other feature: what two features share lives in components/, data/ or lib/.
  ...features.map((feature) => ({
    files: [`renderer/src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            rendererOnlyContract,
            {
              regex: `^(\\.\\./)+(features/)?(${features.filter((f) => f !== feature).join('|')})/`,
              message: `The ${feature} feature may not import another feature: move what they share to renderer/src/components, data or lib.`,
            },
          ],
        },
      ],
    },
  })),
  // Last: turns off the style rules Prettier owns (it runs in `npm run lint`).
  prettierConfig,
);
