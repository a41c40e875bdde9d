import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC (not esbuild) compiles the sources so that `emitDecoratorMetadata` works: Nest's DI reads `design:paramtypes`.
export default defineConfig({
  plugins: [
    swc.vite({
      jsc: {
        target: 'es2023',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      },
    }),
  ],
  resolve: {
    alias: [
      { find: /^nestjs-observability$/, replacement: fileURLToPath(new URL('./libs/observability/src/index.ts', import.meta.url)) },
      {
        find: /^nestjs-observability\/prometheus$/,
        replacement: fileURLToPath(new URL('./libs/observability/src/metrics/prometheus.ts', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['libs/**/src/**/*.spec.ts', 'apps/**/src/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'test/integration/**'],
    fileParallelism: true,
    maxWorkers: 2,
    setupFiles: ['reflect-metadata'],
    globalSetup: ['test/helpers/run-tmpdir.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
