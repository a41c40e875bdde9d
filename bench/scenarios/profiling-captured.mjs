// As `profiling` (between captures: CPU profiler stopped, requests not attached), after one 1 s CPU capture taken at
// startup: whether a CPU profiler that ran once leaves the process slower after it stopped.
import { Inject, Injectable, Module } from '@nestjs/common';
import { ProfilingModule, ProfilingService } from 'nestjs-observability';

class CaptureOnce {
  constructor(profiling) {
    this.profiling = profiling;
  }

  async onApplicationBootstrap() {
    if (this.profiling.active) await this.profiling.captureCpu(1_000);
  }
}
Injectable()(CaptureOnce);
Inject(ProfilingService)(CaptureOnce, undefined, 0);

class CapturedModule {}
Module({ imports: [ProfilingModule.forRoot({ profiling: { enabled: true } })], providers: [CaptureOnce] })(CapturedModule);

export async function imports() {
  return [CapturedModule];
}
