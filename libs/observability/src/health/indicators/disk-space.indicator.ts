import { statfs } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { failureMessage, withDeadline, type IndicatorCallOptions } from './deadline.js';

export interface DiskSpaceOptions extends IndicatorCallOptions {
  /** Any path on the file system to check. */
  path: string;
  /** Down when more than this percentage (0–100) of the file system is used. */
  maxUsedPercent: number;
}

const GIB = 1024 ** 3;

/** Used share of the file system holding `path` (as `df` reports it: blocks available to unprivileged users). */
@Injectable()
export class DiskSpaceIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  async check<const Key extends string>(key: Key, options: DiskSpaceOptions): Promise<HealthIndicatorResult<Key>> {
    const session = this.indicators.check(key);
    try {
      const { bsize, blocks, bfree, bavail } = await withDeadline(() => statfs(options.path), options);
      // Like df: used / (used + available), so blocks reserved for root count as unavailable.
      const used = (blocks - bfree) * bsize;
      const available = bavail * bsize;
      if (used + available <= 0) return session.down({ message: `no usable space reported for ${options.path}` });
      const usedPercent = Math.round((used / (used + available)) * 1000) / 10;
      const data = {
        path: options.path,
        used_percent: usedPercent,
        max_used_percent: options.maxUsedPercent,
        free_gb: Math.round((available / GIB) * 10) / 10,
      };
      if (usedPercent > options.maxUsedPercent)
        return session.down({ message: `disk ${usedPercent}% used, above ${options.maxUsedPercent}%`, ...data });
      return session.up(data);
    } catch (error) {
      return session.down({ message: failureMessage(error), path: options.path });
    }
  }
}
