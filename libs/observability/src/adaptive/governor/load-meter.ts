import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { LoadReadings } from './load-readings.js';
import type { RequestProbe } from './request-probe.js';

/**
 * Reads the process's load since its previous reading: event-loop utilisation and CPU from their cumulative
 * counters (per meter, so two apps never shorten each other's interval), memory now, requests and the suite's
 * measured per-request work from the app's {@link RequestProbe}.
 */
export class LoadMeter {
  private lastElu: EventLoopUtilization = performance.eventLoopUtilization();
  private lastCpu: NodeJS.CpuUsage = process.cpuUsage();
  private lastAt: number = performance.now();

  constructor(private readonly probe: RequestProbe | undefined) {}

  read(): LoadReadings {
    const now = performance.now();
    const elu = performance.eventLoopUtilization();
    const cpu = process.cpuUsage();
    const seconds = Math.max((now - this.lastAt) / 1_000, 1e-3);
    const busy = performance.eventLoopUtilization(elu, this.lastElu).utilization;
    const cpuSeconds = (cpu.user - this.lastCpu.user + cpu.system - this.lastCpu.system) / 1e6;
    this.lastElu = elu;
    this.lastCpu = cpu;
    this.lastAt = now;
    const { requests, overheadSeconds } = this.probe?.take() ?? { requests: 0, overheadSeconds: undefined };
    const requestsPerSecond = requests / seconds;
    const memory = process.memoryUsage();
    return {
      eventLoopUtilization: Number.isFinite(busy) ? busy : 0,
      requestsPerSecond,
      cpu: cpuSeconds / seconds,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      overheadSeconds,
      overheadShare: overheadSeconds === undefined ? undefined : overheadSeconds * requestsPerSecond,
    };
  }
}
