// As `profiling-captured`, but the one CPU capture (1.5 s) runs during the harness's 2 s warm-up load, so requests are
// attached while it runs; the measured run starts after it stopped. Against `profiling`: whether a capture taken
// under load leaves the process slower once the CPU profiler has stopped.
import { Inject, Injectable, Module } from '@nestjs/common';
import { ProfilingModule, ProfilingService } from 'nestjs-observability';

class CaptureDuringWarmUp {
  constructor(profiling) {
    this.profiling = profiling;
  }

  onApplicationBootstrap() {
    if (this.profiling.active) void this.profiling.captureCpu(1_500).catch(() => undefined);
  }
}
Injectable()(CaptureDuringWarmUp);
Inject(ProfilingService)(CaptureDuringWarmUp, undefined, 0);

/** The scenario's modules; `importPprof` lets a variant change the profiler (bench/pyroscope-scenario.mjs does too). */
export function capturedLoaded(importPprof) {
  class CapturedLoadedModule {}
  Module({
    imports: [ProfilingModule.forRoot({ profiling: { enabled: true }, importPprof })],
    providers: [CaptureDuringWarmUp],
  })(CapturedLoadedModule);
  return async () => [CapturedLoadedModule];
}

export const imports = capturedLoaded();
