// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// A pillar of libs/observability reaches another (common/ included) only through that pillar's index.ts, so what
// one pillar offers the others is written down in one file and its internals can change freely. One block per
// pillar and folder depth, because the relative path that leaves a pillar depends on how deep the importer sits.
const PILLARS = ['adaptive', 'alerting', 'common', 'config', 'context', 'health', 'logging', 'metrics', 'profiling', 'tracing'];
const LIB = 'libs/observability/src';
// Packages whose values the library takes through one module of its own, importing only types from the package
// itself: OpenTelemetry through require() (common/otel-api.ts says why), class-validator and class-transformer part
// by part (config/schema/class-*.ts). Specs may import them as they like.
const TYPES_ONLY = [
  {
    regex: '^@opentelemetry/(api|core|sdk-trace|resources|context-async-hooks|instrumentation)$',
    allowTypeImports: true,
    message: "Take OpenTelemetry's values from common/otel-api.ts or tracing/runtime/otel-sdk.ts: one build of each package in memory.",
  },
  {
    regex: '^class-transformer$',
    allowTypeImports: true,
    message: "Take class-transformer's values from config/schema/class-transformer.ts: its index loads every module of it.",
  },
  {
    regex: '^class-validator$',
    allowTypeImports: true,
    message: "Take class-validator's values from config/schema/class-validator.ts: its index loads 320 modules.",
  },
];
const boundary = (files, up, others) =>
  [false, true].map((spec) => ({
    files: spec ? files.map((f) => f.replace(/\*\.ts$/, '*.spec.ts')) : files,
    ...(spec ? {} : { ignores: ['**/*.spec.ts'] }),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^${up}(${others.join('|')})/(?!index\\.js$)`,
              message: "A pillar imports another pillar only through that pillar's index.ts (docs/DESIGN.md, Boundaries).",
            },
            ...(spec ? [] : TYPES_ONLY),
          ],
        },
      ],
    },
  }));
const pillarBoundaries = [
  ...boundary([`${LIB}/*.ts`], '\\./', PILLARS),
  ...PILLARS.flatMap((pillar) =>
    [1, 2, 3, 4].flatMap((depth) =>
      boundary(
        [`${LIB}/${pillar}/${'*/'.repeat(depth - 1)}*.ts`],
        '(\\.\\./){' + depth + '}',
        PILLARS.filter((p) => p !== pillar),
      ),
    ),
  ),
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  ...pillarBoundaries,
  {
    // Library code never writes to the console and never ends the process (STYLE.md rule 7).
    files: ['libs/**/*.ts'],
    ignores: ['libs/**/*.spec.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': ['error', { object: 'process', property: 'exit', message: 'Library code never ends the process.' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
);
