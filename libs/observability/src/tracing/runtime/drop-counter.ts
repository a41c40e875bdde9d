import type { SpanDropReason } from '../tracing.constants.js';

export type DropListener = (reason: SpanDropReason, count: number) => void;

/**
 * Counts spans lost on the way to the collector, by reason. Listeners (the metrics binding of each app using
 * this runtime) hear every drop; counts made before a listener subscribed are read from {@link snapshot}.
 */
export class SpanDropCounter {
  private readonly counts = new Map<SpanDropReason, number>();
  private readonly listeners = new Set<DropListener>();

  add(reason: SpanDropReason, count = 1): void {
    if (count <= 0) return;
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + count);
    for (const listener of this.listeners) {
      try {
        listener(reason, count);
      } catch {
        // A failing metrics sink must not turn a counted drop into an error on the span path.
      }
    }
  }

  snapshot(): Partial<Record<SpanDropReason, number>> {
    return Object.fromEntries(this.counts);
  }

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  subscribe(listener: DropListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
