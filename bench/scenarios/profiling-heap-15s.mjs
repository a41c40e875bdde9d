// As `profiling` (heap profiler on, CPU profiler stopped, no scheduled capture in a round), plus a heap profile taken
// and encoded every 15 s, as Pyroscope mode pushes one: against `profiling-off` over 150 s, what those cost.
import { Inject, Injectable, Module } from '@nestjs/common';
import { ProfilingModule, ProfilingService } from 'nestjs-observability';

class HeapEvery15s {
  constructor(profiling) {
    this.profiling = profiling;
  }

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.profiling.captureHeap().catch(() => undefined), 15_000).unref();
  }

  onModuleDestroy() {
    clearInterval(this.timer);
  }
}
Injectable()(HeapEvery15s);
Inject(ProfilingService)(HeapEvery15s, undefined, 0);

class HeapModule {}
Module({ imports: [ProfilingModule.forRoot({ profiling: { enabled: true, interval: '1h' } })], providers: [HeapEvery15s] })(HeapModule);

export async function imports() {
  return [HeapModule];
}
