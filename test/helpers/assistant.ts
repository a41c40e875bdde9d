import type { INestApplication } from '@nestjs/common';
import type { ObservabilityRuntimeOptions } from 'nestjs-observability';
import { createAssistantApp } from '../../apps/assistant/src/bootstrap.js';
import type { SimulatedLlmOptions } from '../../apps/assistant/src/llm/simulated-llm.options.js';
import { LogCapture } from './log-capture.js';

/** The demo app as the tests boot it: deterministic provider, logs captured in memory. */
export async function bootAssistant(
  env: NodeJS.ProcessEnv = {},
  llm: Partial<SimulatedLlmOptions> = {},
  runtime: ObservabilityRuntimeOptions = {},
): Promise<{ app: INestApplication; logs: LogCapture }> {
  const logs = new LogCapture();
  const app = await createAssistantApp({
    env: { ...env },
    llm: { medianLatencyMs: 0, latencySigma: 0, failureRate: 0, slowLatencyMs: 5, ...llm },
    runtime: { ...runtime, logDestination: logs },
  });
  await app.init();
  return { app, logs };
}
