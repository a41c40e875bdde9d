import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadObservabilityConfig, ObservabilityLogger, type ObservabilityRuntimeOptions } from 'nestjs-observability';
import { AppModule } from './app.module.js';
import { assistantConfigFile } from './config-file.js';
import { databaseOptionsFromEnv } from './database/database.js';
import { simulatedLlmOptionsFromEnv, type SimulatedLlmOptions } from './llm/simulated-llm.options.js';

export { DEFAULT_CONFIG_FILE } from './config-file.js';

export interface CreateAssistantOptions {
  env?: NodeJS.ProcessEnv;
  llm?: Partial<SimulatedLlmOptions>;
  runtime?: ObservabilityRuntimeOptions;
}

/** Builds the Assistant app (not listening yet): the same code path `main.ts` and the tests use. */
export async function createAssistantApp(options: CreateAssistantOptions = {}): Promise<INestApplication> {
  const env = options.env ?? process.env;
  const observability = loadObservabilityConfig(assistantConfigFile(env), { env });
  const llm = { ...simulatedLlmOptionsFromEnv(env, observability.tracing.slow_threshold), ...options.llm };
  const app = await NestFactory.create(
    AppModule.register({ observability, llm, runtime: options.runtime, database: databaseOptionsFromEnv(env) }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(ObservabilityLogger));
  // process.exit(0) once the hooks are done (instead of re-raising the signal): a clean exit code, and exit hooks
  // (pino's) run after the suite has flushed and reported.
  app.enableShutdownHooks([], { useProcessExit: true });
  return app;
}
