import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { SpanDropCounter } from './drop-counter.js';

/** Where a runtime's kept spans go next: its export queue, or nothing. */
export interface SpanSink {
  add(span: ReadableSpan): void;
}

/**
 * Kept spans of the preload's pipeline, held (at most `max`, further ones dropped and counted as `queue_full`)
 * until the app's configuration says where they go; from then on spans pass straight through to that sink.
 */
export class HeldSpans implements SpanSink {
  private held: ReadableSpan[] = [];
  private target?: SpanSink;

  constructor(
    private readonly max: number,
    private readonly drops: SpanDropCounter,
  ) {}

  get size(): number {
    return this.held.length;
  }

  get settled(): boolean {
    return this.target !== undefined;
  }

  add(span: ReadableSpan): void {
    if (this.target) this.target.add(span);
    else if (this.held.length < this.max) this.held.push(span);
    else this.drops.add('queue_full');
  }

  /** Sends what is held to `target`, and every later span too. */
  settle(target: SpanSink): void {
    this.target = target;
    const held = this.held;
    this.held = [];
    for (const span of held) target.add(span);
  }
}
