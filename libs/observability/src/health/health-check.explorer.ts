import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { HealthConfig } from '../config/index.js';
import { AIMetrics } from '../metrics/index.js';
import { RegisterHealthCheck } from './decorators/register-health-check.decorator.js';
import { DISK_CHECK, EVENT_LOOP_CHECK, HEALTH_CONFIG, LLM_CHECK, MEMORY_CHECK } from './health.constants.js';
import { NOT_STATIC_HEALTH_CHECK } from './health.messages.js';
import { HealthService } from './health.service.js';
import { DiskSpaceIndicator } from './indicators/disk-space.indicator.js';
import { EventLoopDelayIndicator } from './indicators/event-loop-delay.indicator.js';
import { HttpDependencyIndicator } from './indicators/http-dependency.indicator.js';
import { LlmProviderIndicator } from './indicators/llm-provider.indicator.js';
import { MemoryUsageIndicator } from './indicators/memory-usage.indicator.js';
import type { HealthCheck } from './interfaces/health-check.interface.js';

const MIB = 1024 * 1024;

/**
 * Fills the HealthService at startup: the built-in checks `health.checks` turns on, and every provider of the app
 * decorated with `@RegisterHealthCheck()`, found through Nest's DiscoveryService.
 */
@Injectable()
export class HealthCheckExplorer implements OnModuleInit {
  constructor(
    private readonly health: HealthService,
    private readonly discovery: DiscoveryService,
    @Inject(HEALTH_CONFIG) private readonly config: HealthConfig,
    private readonly memory: MemoryUsageIndicator,
    private readonly disk: DiskSpaceIndicator,
    private readonly eventLoop: EventLoopDelayIndicator,
    private readonly http: HttpDependencyIndicator,
    private readonly llm: LlmProviderIndicator,
    @Optional() private readonly aiMetrics?: AIMetrics,
  ) {}

  onModuleInit(): void {
    if (!this.config.enabled) return;
    for (const [check, source] of this.builtins()) this.health.register(check, {}, source);
    for (const wrapper of this.discovery.getProviders({ metadataKey: RegisterHealthCheck.KEY })) {
      const where = wrapper.metatype?.name ?? String(wrapper.token);
      if (!wrapper.isDependencyTreeStatic() || wrapper.isTransient) throw new Error(NOT_STATIC_HEALTH_CHECK(where));
      const options = this.discovery.getMetadataByDecorator(RegisterHealthCheck, wrapper) ?? {};
      this.health.register(wrapper.instance as HealthCheck, options, where);
    }
  }

  private *builtins(): Generator<[HealthCheck, string]> {
    const { memory, disk, event_loop: loop, llm, http } = this.config.checks;
    if (memory.enabled) {
      const options = {
        ...(memory.max_heap_used_mb !== undefined && { maxHeapUsedBytes: memory.max_heap_used_mb * MIB }),
        ...(memory.max_rss_mb !== undefined && { maxRssBytes: memory.max_rss_mb * MIB }),
      };
      yield [{ name: MEMORY_CHECK, check: () => this.memory.check(MEMORY_CHECK, options) }, 'health.checks.memory'];
    }
    if (disk.enabled) {
      const options = { path: disk.path, maxUsedPercent: disk.max_used_percent };
      yield [{ name: DISK_CHECK, check: (signal) => this.disk.check(DISK_CHECK, { ...options, signal }) }, 'health.checks.disk'];
    }
    if (loop.enabled) {
      this.eventLoop.start();
      const options = { maxP99Ms: loop.max_p99, windowMs: loop.window };
      yield [{ name: EVENT_LOOP_CHECK, check: () => this.eventLoop.check(EVENT_LOOP_CHECK, options) }, 'health.checks.event_loop'];
    }
    const ai = this.aiMetrics;
    if (llm.enabled && ai) yield [{ name: LLM_CHECK, check: () => this.llm.check(LLM_CHECK, ai) }, 'health.checks.llm'];
    for (const [i, dep] of http.entries()) {
      const options = { expectedStatus: dep.expected_status };
      yield [
        { name: dep.name, check: (signal) => this.http.pingCheck(dep.name, dep.url, { ...options, signal }) },
        `health.checks.http[${i}]`,
      ];
    }
  }
}
