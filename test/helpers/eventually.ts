/** How long {@link eventually} keeps trying, and what its failure says. */
export interface EventuallyOptions {
  /** @default 10000 */
  timeoutMs?: number;
  /** @default 10 */
  intervalMs?: number;
  /** Describes the state when the deadline passes (a predicate that returned `false` has no error of its own). */
  describe?: () => string;
}

/**
 * Waits for a condition instead of sleeping: calls `check` until it neither throws nor returns `false`, and
 * resolves with what it returned. Past the deadline it rejects with the last error (an `expect` that kept failing
 * says what it saw) or with `describe()`. The deadline is generous on purpose: a busy machine only makes it slower.
 */
export async function eventually<T>(check: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<Exclude<T, false>> {
  const { timeoutMs = 10_000, intervalMs = 10 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      const value = await check();
      if (value !== false) return value as Exclude<T, false>;
      failure = new Error(`condition not met within ${timeoutMs} ms${options.describe ? `: ${options.describe()}` : ''}`);
    } catch (error) {
      failure = error;
    }
    if (Date.now() > deadline) throw failure;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
