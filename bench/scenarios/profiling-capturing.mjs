// Profiling on without Pyroscope, measured while a CPU capture runs (one 60s capture after another), so the V8 CPU
// profiler runs and every request is attached for route labels: the cost during the `cpu_duration` of each
// scheduled capture. `profiling` measures the time between captures (its first capture is 60s after start).
import { Inject, Injectable, Module } from '@nestjs/common';
import { ProfilingModule, ProfilingService } from 'nestjs-observability';

class KeepCapturing {
  constructor(profiling) {
    this.profiling = profiling;
  }

  onApplicationBootstrap() {
    const next = () => {
      if (this.profiling.active) this.profiling.captureCpu(60_000).then(next, () => undefined);
    };
    next();
  }
}
Injectable()(KeepCapturing);
Inject(ProfilingService)(KeepCapturing, undefined, 0);

class CapturingModule {}
Module({ imports: [ProfilingModule.forRoot({ profiling: { enabled: true } })], providers: [KeepCapturing] })(CapturingModule);

export async function imports() {
  return [CapturingModule];
}
