import { totalmem } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import type { AdaptiveConfig } from '../../config/index.js';
import { formatDuration } from '../../config/index.js';
import { ADAPTIVE_CONFIG, ADAPTIVE_MODULE_OPTIONS } from '../adaptive.constants.js';
import type { AdaptiveTelemetryModuleOptions } from '../adaptive.module-definition.js';
import { AdaptiveTelemetryService } from '../adaptive-telemetry.service.js';
import { adviseScaling, type ScalingAdvice } from './scaling-advice.js';

/** {@link ScalingAdvice} with what it was computed from. */
export interface ScalingReport extends ScalingAdvice {
  readonly generatedAt: string;
  readonly inputs: {
    readonly resolution: string;
    readonly horizon: string;
    readonly instances: number;
    readonly maxUtilization: number;
    readonly targetUtilization: number;
    readonly memoryLimitBytes: number | null;
    /** The history the forecasts were fitted to, oldest first. */
    readonly points: readonly {
      readonly at: string;
      readonly eventLoopUtilization: number;
      readonly requestsPerSecond: number;
      readonly cpu: number;
      readonly rssBytes: number;
      readonly heapUsedBytes: number;
    }[];
  };
}

/**
 * Scaling advice for this instance from the governor's load history: a Holt forecast of event-loop utilisation,
 * request rate, CPU and memory with their errors, when utilisation crosses `max_utilization`, and how many
 * instances keep it under `target_utilization` (see {@link adviseScaling}). Also served at `adaptive.scaling.path`.
 */
@Injectable()
export class ScalingAdvisor {
  private readonly clock: () => number;

  constructor(
    private readonly governor: AdaptiveTelemetryService,
    @Inject(ADAPTIVE_CONFIG) private readonly config: AdaptiveConfig,
    @Inject(ADAPTIVE_MODULE_OPTIONS) options: AdaptiveTelemetryModuleOptions,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  advice(): ScalingReport {
    const { scaling } = this.config;
    const points = this.governor.history.points();
    const memoryLimitBytes = memoryLimit();
    const advice = adviseScaling(points, {
      resolutionMs: scaling.resolution,
      horizonMs: scaling.horizon,
      minPoints: scaling.min_points,
      maxUtilization: scaling.max_utilization,
      targetUtilization: scaling.target_utilization,
      instances: scaling.instances,
      memoryLimitBytes,
    });
    return {
      generatedAt: new Date(this.clock()).toISOString(),
      ...advice,
      inputs: {
        resolution: formatDuration(scaling.resolution),
        horizon: formatDuration(scaling.horizon),
        instances: scaling.instances,
        maxUtilization: scaling.max_utilization,
        targetUtilization: scaling.target_utilization,
        memoryLimitBytes: memoryLimitBytes ?? null,
        points: points.map((p) => ({ ...p, at: new Date(p.at).toISOString() })),
      },
    };
  }
}

/** The cgroup memory limit, when there is one below the machine's memory. */
function memoryLimit(): number | undefined {
  const limit = process.constrainedMemory();
  return limit > 0 && limit < totalmem() ? limit : undefined;
}
