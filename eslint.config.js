// @ts-check
/**
 * Lint for correctness only (layout belongs to Prettier): promises must be awaited or handled,
 * no runtime import cycles, and workflow code stays replay-safe (no Node built-ins, no activity code).
 */
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');
const { defineConfig } = require('eslint/config');
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const { importX } = require('eslint-plugin-import-x');
const { createTypeScriptImportResolver } = require('eslint-import-resolver-typescript');
const prettier = require('eslint-config-prettier');

/**
 * Files bundled into the workflow sandbox: everything src/workflows.ts (and src/workflow-shared.ts) reaches through imports that
 * stay at run time (`import type` is erased), found from the code so that the list cannot fall behind.
 */
function workflowFiles() {
  const reached = new Set();
  const visit = (file) => {
    if (reached.has(file)) return;
    reached.add(file);
    const source = fs.readFileSync(file, 'utf8');
    for (const [, clause, specifier] of source.matchAll(/^(?:import|export)\s+([^;]*?)\s+from\s+'(\.[^']+)'/gm)) {
      if (/^type\s/.test(clause)) continue;
      const base = path.join(path.dirname(file), specifier);
      const target = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
      if (target) visit(target);
    }
  };
  visit(path.join(__dirname, 'src', 'workflows.ts'));
  // the modules preloaded into every workflow's V8 context (src/workflow-bundle.ts) are bundled too
  visit(path.join(__dirname, 'src', 'workflow-shared.ts'));
  return [...reached].map((file) => path.relative(__dirname, file));
}
const WORKFLOW_FILES = workflowFiles();

const NO_NODE_IN_WORKFLOWS = 'Workflow code runs in the Temporal sandbox: no Node built-ins.';

module.exports = defineConfig(
  { ignores: ['dist/', 'coverage/', '.tools/', '.data/', 'web/src/api/openapi.d.ts'] },
  js.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { __dirname: 'readonly' } },
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended, importX.flatConfigs.typescript],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // tsc's noUnusedLocals convention: a leading underscore marks a binding left unused on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `declare global { namespace Express }` is how Express lets a request carry its principal.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
    },
  },
  {
    // The web console: browser code, type-checked against the API's generated client (web/tsconfig.json).
    files: ['web/**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
      globals: { window: 'readonly', document: 'readonly', crypto: 'readonly', fetch: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests walk the OpenAPI document and response bodies as untyped JSON (44 places in 9 files).
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: WORKFLOW_FILES,
    rules: {
      // The sandbox has no Node: such an import fails the bundle, or worse, breaks determinism on replay.
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({ name, message: NO_NODE_IN_WORKFLOWS })),
          patterns: [{ group: ['node:*'], message: NO_NODE_IN_WORKFLOWS }],
        },
      ],
      // Workflows call activities through proxyActivities (platform/workflow/activity-proxy);
      // only the implementations' types may be imported.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/activities', '**/activities.ts'],
              allowTypeImports: true,
              message: 'Workflow code may import activity types only (`import type`), never their implementation.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
