import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AIMetrics, Traced } from 'nestjs-observability';
import { SIMULATED_LLM_OPTIONS, type SimulatedLlmOptions } from './simulated-llm.options.js';

export type SimulateMode = 'error' | 'slow' | undefined;

export interface Completion {
  text: string;
  model: string;
  provider: string;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
}

/** Thrown when the (simulated) provider fails; the API answers 502 Bad Gateway. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly provider: string,
    readonly model: string,
    message: string,
  ) {
    super(message);
  }
}

/** Stands in for an LLM API: log-normal latency, token counts, and failures, on demand or at a configured rate. */
@Injectable()
export class SimulatedLlmProvider {
  private readonly logger = new Logger(SimulatedLlmProvider.name);

  constructor(
    @Inject(SIMULATED_LLM_OPTIONS) private readonly options: SimulatedLlmOptions,
    @Optional() private readonly ai?: AIMetrics,
  ) {}

  get name(): string {
    return this.options.provider;
  }

  @Traced('llm.complete', { attributes: (_prompt: string, model: string) => ({ 'gen_ai.request.model': model }) })
  async complete(prompt: string, model: string, simulate?: SimulateMode): Promise<Completion> {
    const started = performance.now();
    const latency = simulate === 'slow' ? this.options.slowLatencyMs : this.sampleLatency();
    if (latency > 0) await sleep(latency);
    const provider = this.options.provider;
    if (simulate === 'error' || (simulate === undefined && Math.random() < this.options.failureRate)) {
      this.ai?.recordModelLatency(provider, model, performance.now() - started);
      this.ai?.updateProviderHealth(provider, false);
      this.logger.warn({ provider: this.options.provider, model, simulated: simulate === 'error' }, 'provider call failed');
      throw new ProviderError(this.options.provider, model, `${this.options.provider} returned 503 for model ${model}`);
    }
    const [min, max] = this.options.outputTokens;
    const outputTokens = min + Math.floor(Math.random() * (max - min + 1));
    const inputTokens = Math.max(1, Math.ceil(prompt.length / 4));
    const latencyMs = performance.now() - started;
    this.ai?.recordModelLatency(provider, model, latencyMs);
    this.ai?.recordTokenUsage(provider, model, 'input', inputTokens);
    this.ai?.recordTokenUsage(provider, model, 'output', outputTokens);
    this.ai?.updateProviderHealth(provider, true);
    return { text: `(${model}) ${summarize(prompt)}`, model, provider, inputTokens, outputTokens, latencyMs };
  }

  private sampleLatency(): number {
    const { medianLatencyMs, latencySigma } = this.options;
    if (latencySigma === 0) return medianLatencyMs;
    // Box–Muller: a normal sample, exponentiated, gives the long right tail real LLM latencies have.
    const u = 1 - Math.random();
    const v = Math.random();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return medianLatencyMs * Math.exp(latencySigma * z);
  }
}

function summarize(prompt: string): string {
  const words = prompt.trim().split(/\s+/).slice(0, 12).join(' ');
  return `Here is what I think about "${words}".`;
}
