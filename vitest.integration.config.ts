import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// Suites that need real servers from Debian packages (prometheus, promtool, postgresql) or a packed tarball.
// `.ci/run` installs the packages; each suite starts and stops its own server on loopback.
const config = mergeConfig(
  base,
  defineConfig({
    test: {
      include: ['test/integration/**/*.int-spec.ts'],
      exclude: ['**/node_modules/**', '**/dist/**'],
      testTimeout: 120_000,
      hookTimeout: 120_000,
      fileParallelism: false,
    },
  }),
);
// mergeConfig concatenates arrays: without these two lines the base's unit and e2e files would run again here, and
// its `test/integration/**` exclusion would exclude everything this config is for.
config.test!.include = ['test/integration/**/*.int-spec.ts'];
config.test!.exclude = ['**/node_modules/**', '**/dist/**'];
export default config;
