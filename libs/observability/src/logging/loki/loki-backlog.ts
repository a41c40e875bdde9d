import { encodeBatch, type LokiBatch, type StreamLabels } from './loki-batch.js';
import type { LokiEntry } from './loki-entry.js';
import { Ring } from './loki-ring.js';

/**
 * What waits to be sent: entries not yet batched (`pending`, at most one batch of them) and batches built and
 * compressed (`sealed`, oldest first) — compressed as soon as they are full, so an outage costs the compressed size
 * (about a tenth of the lines). Dropping the oldest is O(1): a sealed batch, else a pending entry.
 */
export class Backlog {
  private readonly pending = new Ring<LokiEntry>(64);
  private pendingBytes = 0;
  private readonly sealed = new Ring<LokiBatch>(64);
  private sealedEntries = 0;
  private sealedBytes = 0;
  private sealCount = 0;
  private readonly batchSize: number;
  private readonly streams: StreamLabels;

  constructor(batchSize: number, streams: StreamLabels) {
    this.batchSize = batchSize;
    this.streams = streams;
  }

  get entries(): number {
    return this.pending.length + this.sealedEntries;
  }

  get bytes(): number {
    return this.pendingBytes + this.sealedBytes;
  }

  get pendingEntries(): number {
    return this.pending.length;
  }

  add(entry: LokiEntry): void {
    this.pending.push(entry);
    this.pendingBytes += entry.line.length;
    if (this.pending.length >= this.batchSize) this.seal();
  }

  /** Builds batches of everything pending. */
  seal(): void {
    while (this.pending.length > 0) {
      const entries = this.pending.take(this.batchSize);
      for (const e of entries) this.pendingBytes -= e.line.length;
      this.putBack(encodeBatch(entries, this.streams, this.sealCount++), false);
    }
  }

  /** The oldest batch, taken out. */
  next(): LokiBatch | undefined {
    const batch = this.sealed.shift();
    if (batch) {
      this.sealedEntries -= batch.entries;
      this.sealedBytes -= batch.body.length;
    }
    return batch;
  }

  /** A failed batch goes back to the head, behind any older one that failed too (at most max_in_flight of them). */
  requeue(batch: LokiBatch): void {
    this.putBack(batch, true);
  }

  /** Drops the oldest until `entries + extraEntries ≤ maxEntries` and likewise for bytes; returns how many entries. */
  trim(maxEntries: number, maxBytes: number, extraEntries: number, extraBytes: number): number {
    let dropped = 0;
    while (this.entries + extraEntries > maxEntries || this.bytes + extraBytes > maxBytes) {
      const batch = this.next();
      if (batch) {
        dropped += batch.entries;
        continue;
      }
      const entry = this.pending.shift();
      if (!entry) break;
      this.pendingBytes -= entry.line.length;
      dropped++;
    }
    return dropped;
  }

  /** Empties it; returns how many entries it held. */
  clear(): number {
    this.seal();
    let n = 0;
    let batch: LokiBatch | undefined;
    while ((batch = this.next())) n += batch.entries;
    return n;
  }

  private putBack(batch: LokiBatch, atHead: boolean): void {
    this.sealedEntries += batch.entries;
    this.sealedBytes += batch.body.length;
    if (!atHead) {
      this.sealed.push(batch);
      return;
    }
    const older: LokiBatch[] = [];
    while ((this.sealed.peek()?.seq ?? Infinity) < batch.seq) older.push(this.sealed.shift() as LokiBatch);
    this.sealed.unshift(batch);
    for (let i = older.length - 1; i >= 0; i--) this.sealed.unshift(older[i] as LokiBatch);
  }
}
