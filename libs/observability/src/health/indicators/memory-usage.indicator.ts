import { getHeapStatistics } from 'node:v8';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';

const MIB = 1024 * 1024;
const DEFAULT_HEAP_SHARE = 0.95;

export interface MemoryUsageOptions {
  /** Down above this heap in use, in bytes. @default 95% of V8's heap limit */
  maxHeapUsedBytes?: number;
  /** Down above this resident set size, in bytes. Unset: not checked. */
  maxRssBytes?: number;
}

const mib = (bytes: number) => Math.round((bytes / MIB) * 10) / 10;

/** Heap in use and resident set size against thresholds; reports the figures either way. */
@Injectable()
export class MemoryUsageIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  check<const Key extends string>(key: Key, options: MemoryUsageOptions = {}): HealthIndicatorResult<Key> {
    const session = this.indicators.check(key);
    const { heapUsed, rss } = process.memoryUsage();
    const maxHeap = options.maxHeapUsedBytes ?? Math.floor(getHeapStatistics().heap_size_limit * DEFAULT_HEAP_SHARE);
    const data: Record<string, number> = { heap_used_mb: mib(heapUsed), max_heap_used_mb: mib(maxHeap), rss_mb: mib(rss) };
    if (options.maxRssBytes !== undefined) data['max_rss_mb'] = mib(options.maxRssBytes);
    const problems: string[] = [];
    if (heapUsed > maxHeap) problems.push(`heap used ${mib(heapUsed)} MiB exceeds ${mib(maxHeap)} MiB`);
    if (options.maxRssBytes !== undefined && rss > options.maxRssBytes)
      problems.push(`rss ${mib(rss)} MiB exceeds ${mib(options.maxRssBytes)} MiB`);
    return problems.length > 0 ? session.down({ message: problems.join('; '), ...data }) : session.up(data);
  }
}
