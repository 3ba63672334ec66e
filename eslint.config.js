// Lint is where the layering is enforced: each folder may import only what its runtime has
// (see docs/CONVENTIONS.md). The restrictions are data so that test/main/lintLayers.test.ts
// can prove each one fails on a violating file.
import svelteParser from 'svelte-eslint-parser';
import tseslint from 'typescript-eslint';
import { layerRules } from './scripts/layerRules.js';

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-output/**', 'bench/out/**', '**/*.d.ts', 'migrations/**', 'test/fixtures/**'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-debugger': 'error',
      'no-var': 'error',
      'prefer-const': 'error',
      eqeqeq: ['error', 'smart'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Svelte components: the <script lang="ts"> blocks are parsed (TypeScript inside Svelte's parser) so the
    // layer rules below reach .svelte files too.
    files: ['**/*.svelte'],
    languageOptions: {
      parser: svelteParser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
      ecmaVersion: 2022,
      sourceType: 'module',
    },
  },
  {
    // electron-vite's ESM shim declares a top-level `require` in every bundled chunk that calls require():
    // a module-level `const require = createRequire(...)` of ours then breaks the packaged app at load time
    // ("Identifier 'require' has already been declared"; test/main/electron/builtWorkerEntries.test.ts).
    files: ['src-main/**/*.ts', 'src-worker/**/*.ts', 'src-core/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Program > VariableDeclaration > VariableDeclarator[id.name="require"]',
          message: 'Name it differently (e.g. requireHere): the Electron build injects its own top-level `require` into bundled chunks.',
        },
      ],
    },
  },
  ...layerRules.map(({ files, ignores, patterns }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
);
