import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The end-to-end suites again, on what the package publishes: `nestjs-observability` resolves to the bundle that
// `npm run build` writes (libs/observability/dist/bundle/), loaded by Node itself rather than compiled by the test
// runner. Catches what bundling alone can break: module order, renamed classes, files found beside a module.
// Suites that reach into the library's sources (alerting internals) cannot run on it and stay on the sources. The
// demo's suite stays there too: it runs `npm run build` and `npm start` (whose prestart builds again), and each build
// empties dist/bundle/ and writes it anew while the other suites load from it. A worker file missing for that moment
// failed a Pyroscope suite in CI. (The built demo itself is started by .ci/run on Node 24 and 22.)
const bundle = (entry: string) => fileURLToPath(new URL(`./libs/observability/dist/bundle/${entry}.js`, import.meta.url));
const config = mergeConfig(base, defineConfig({}));
config.resolve!.alias = [
  { find: /^nestjs-observability$/, replacement: bundle('index') },
  { find: /^nestjs-observability\/prometheus$/, replacement: bundle('prometheus') },
  { find: /^nestjs-observability\/register$/, replacement: bundle('register') },
];
config.test!.include = ['test/**/*.e2e-spec.ts', 'test/bundle/**/*.bundle-spec.ts'];
config.test!.exclude = [
  '**/node_modules/**',
  '**/dist/**',
  'test/integration/**',
  'test/alert-silences.e2e-spec.ts',
  'test/alerting-anomaly.e2e-spec.ts',
  'test/alerting-fatigue.e2e-spec.ts',
  'test/demo.e2e-spec.ts',
];
config.test!.server = { deps: { external: [/libs\/observability\/dist\/bundle\//] } };
export default config;
