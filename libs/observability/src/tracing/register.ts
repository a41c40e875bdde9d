/**
 * The preload: `node --import nestjs-observability/register dist/main.js`, or `import 'nestjs-observability/register'`
 * as the first line of main.ts. Reads the tracing section of `OBSERVABILITY_CONFIG` (else `config/observability.yaml`
 * under the working directory, else defaults and the OTEL_* variables) and starts tracing before Nest loads.
 */
import 'reflect-metadata';
import { startTracingFromEnvironment } from './preload.js';

await startTracingFromEnvironment();
