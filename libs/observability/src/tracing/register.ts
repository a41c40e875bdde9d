/**
 * The preload: `node --import nestjs-observability/register dist/main.js` (or `--require`), or
 * `import 'nestjs-observability/register'` as the first line of main.ts, which a CommonJS app compiles to `require`.
 * Reads the tracing section of `OBSERVABILITY_CONFIG` (else `config/observability.yaml` under the working directory,
 * else defaults and the OTEL_* variables) and starts instrumentation before Nest loads; the app's own tracing
 * configuration then decides the pipeline. No top-level await anywhere in what this loads: `require()` of an ES
 * module graph that awaits fails.
 */
import '../common/index.js';
import 'reflect-metadata';
import { startTracingFromEnvironment } from './preload.js';

startTracingFromEnvironment();
