/** How the simulated LLM provider behaves. Every value can be set from the environment (see README). */
export interface SimulatedLlmOptions {
  /** Provider name reported in logs and metrics. */
  provider: string;
  /** Median latency of a completion, in ms (latencies are log-normal around it). */
  medianLatencyMs: number;
  /** Spread of the log-normal latency (sigma); 0 makes every call take exactly the median. */
  latencySigma: number;
  /** Share of calls that fail as a provider outage would (0..1). */
  failureRate: number;
  /** Latency forced by `X-Simulate: slow`, in ms. */
  slowLatencyMs: number;
  /** Output tokens are drawn uniformly from this range. */
  outputTokens: [number, number];
}

export const SIMULATED_LLM_OPTIONS = Symbol('SIMULATED_LLM_OPTIONS');

function num(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${name}=${JSON.stringify(raw)}: expected a number from ${min} to ${max}`);
  }
  return value;
}

export function simulatedLlmOptionsFromEnv(env: NodeJS.ProcessEnv, slowThresholdMs: number): SimulatedLlmOptions {
  return {
    provider: env['LLM_PROVIDER'] ?? 'simulated',
    medianLatencyMs: num(env, 'LLM_MEDIAN_LATENCY_MS', 40, 0, 60_000),
    latencySigma: num(env, 'LLM_LATENCY_SIGMA', 0.5, 0, 3),
    failureRate: num(env, 'LLM_FAILURE_RATE', 0.02, 0, 1),
    slowLatencyMs: num(env, 'LLM_SLOW_LATENCY_MS', Math.round(slowThresholdMs * 1.5), 0, 600_000),
    outputTokens: [num(env, 'LLM_MIN_OUTPUT_TOKENS', 20, 1, 100_000), num(env, 'LLM_MAX_OUTPUT_TOKENS', 400, 1, 100_000)],
  };
}
