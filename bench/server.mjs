// One benchmark server: the same minimal Nest endpoint, with the modules of one scenario (bench/scenarios/<name>.mjs).
// Usage: node [--import bench/preload/<scenario>.mjs] bench/server.mjs <scenario> <port> (0: any free port; the
// preload, where a scenario has one, as bench/run.mjs passes it). Prints "ready <port>" on stdout when listening.
// BENCH_SAMPLES=stdin (bench/soak.mjs): the server answers commands read from stdin, one per line, while it serves
// (below), and stops when stdin closes, so a harness that dies takes its servers with it.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import inspector from 'node:inspector';
import v8 from 'node:v8';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

const [scenarioName = 'bare', portArg = '3900'] = process.argv.slice(2);
const scenario = await import(new URL(`./scenarios/${scenarioName}.mjs`, import.meta.url));

class BenchController {
  get(id) {
    return { id, ok: true, items: [1, 2, 3] };
  }
}
Controller('bench')(BenchController);
Reflect.defineMetadata('design:paramtypes', [String], BenchController.prototype, 'get');
Param('id')(BenchController.prototype, 'get', 0);
Get(':id')(BenchController.prototype, 'get', Object.getOwnPropertyDescriptor(BenchController.prototype, 'get'));

class BenchModule {}
Module({ imports: await scenario.imports(), controllers: [BenchController] })(BenchModule);

const app = await NestFactory.create(BenchModule, { logger: false, bufferLogs: false });
await scenario.setup?.(app);
await app.listen(Number(portArg), '127.0.0.1');
const rssAtReady = process.memoryUsage().rss;
// CPU time from process start (preload included) to listening, every thread: what starting cost, which a busy machine
// does not stretch the way it stretches the wall time between spawn and ready.
const startupCpu = process.cpuUsage();

// What serving the measured run cost: the harness signals SIGUSR2 when it starts and reads the figures at exit.
// CPU time; bytes allocated on the JS heap and time spent in GC, from V8's GC profiler (bytes allocated between two
// collections = heap used before the second minus heap used after the first); with BENCH_CPU_PROFILE=<file>, a CPU
// profile of the run (bench/profile-summary.mjs reads it).
let cpuBaseline = process.cpuUsage();
let gcProfiler;
let heapAtStart = 0;
let session;
process.on('SIGUSR2', () => {
  cpuBaseline = process.cpuUsage();
  heapAtStart = v8.getHeapStatistics().used_heap_size;
  gcProfiler = new v8.GCProfiler();
  gcProfiler.start();
  if (process.env.BENCH_CPU_PROFILE) {
    session = new inspector.Session();
    session.connect();
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: 100 });
    session.post('Profiler.start');
  }
  if (process.env.BENCH_HEAP_PROFILE) {
    // Every allocation sampled, including what the GC has collected since: bytes allocated per call site.
    session = new inspector.Session();
    session.connect();
    session.post('HeapProfiler.startSampling', {
      samplingInterval: 512,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
});

function heapFigures() {
  const heapAtEnd = v8.getHeapStatistics().used_heap_size;
  const gc = gcProfiler?.stop();
  let allocated = 0;
  let gcUs = 0;
  let previousAfter = heapAtStart;
  for (const event of gc?.statistics ?? []) {
    allocated += Math.max(event.beforeGC.heapStatistics.usedHeapSize - previousAfter, 0);
    previousAfter = event.afterGC.heapStatistics.usedHeapSize;
    gcUs += event.cost;
  }
  allocated += Math.max(heapAtEnd - previousAfter, 0);
  return { allocated, gcUs, collections: gc?.statistics.length ?? 0 };
}

let stopping = false;
const stop = async () => {
  // Once: a soak harness's server may get SIGTERM and then see its stdin close.
  if (stopping) return;
  stopping = true;
  const cpu = process.cpuUsage(cpuBaseline);
  const { allocated, gcUs, collections } = heapFigures();
  if (session && process.env.BENCH_HEAP_PROFILE) {
    const profile = await new Promise((resolve, reject) =>
      session.post('HeapProfiler.stopSampling', (error, result) => (error ? reject(error) : resolve(result.profile))),
    );
    writeFileSync(process.env.BENCH_HEAP_PROFILE, JSON.stringify(profile));
  } else if (session) {
    const profile = await new Promise((resolve, reject) =>
      session.post('Profiler.stop', (error, result) => (error ? reject(error) : resolve(result.profile))),
    );
    writeFileSync(process.env.BENCH_CPU_PROFILE, JSON.stringify(profile));
  }
  // What the app holds once the load is over: after a forced collection (the harness runs us with --expose-gc).
  globalThis.gc?.();
  globalThis.gc?.();
  const memory = process.memoryUsage();
  if (process.env.BENCH_HEAP_SNAPSHOT) v8.writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT);
  process.stdout.write(
    `cpu_us ${cpu.user + cpu.system}\nalloc_bytes ${allocated}\ngc_us ${Math.round(gcUs)}\ngc_count ${collections}\n` +
      `rss_bytes ${memory.rss}\nheap_used_bytes ${memory.heapUsed}\nheap_total_bytes ${memory.heapTotal}\n` +
      `external_bytes ${memory.external}\narray_buffers_bytes ${memory.arrayBuffers}\nrss_at_ready_bytes ${rssAtReady}\n` +
      `startup_cpu_us ${startupCpu.user + startupCpu.system}\n`,
  );
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

// Samples during a long run (bench/soak.mjs). Signals are taken: SIGUSR1 is Node's inspector, SIGUSR2 starts the
// measured window above. Commands: "sample" answers "sample served=<requests so far> rss=<bytes> heap_used=<bytes>
// heap_total=<bytes> new_space=<bytes> external=<bytes> array_buffers=<bytes>" (new_space: the young generation's
// committed size, part of heap_total), measured after two forced collections (the second
// one frees what the first one's finalizers released); "snapshot <file>" writes a heap snapshot there (after a
// forced collection) and answers "snapshot <file>". Requests are counted only in this mode, with the same listener
// in every scenario.
if (process.env.BENCH_SAMPLES === 'stdin') {
  let served = 0;
  app.getHttpServer().on('request', () => served++);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const [command, file] = line.trim().split(/\s+/);
    if (command === 'sample') {
      globalThis.gc();
      globalThis.gc();
      const m = process.memoryUsage();
      const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
      process.stdout.write(
        `sample served=${served} rss=${m.rss} heap_used=${m.heapUsed} heap_total=${m.heapTotal} ` +
          `new_space=${young?.space_size ?? 0} external=${m.external} array_buffers=${m.arrayBuffers}\n`,
      );
    } else if (command === 'snapshot' && file) {
      globalThis.gc();
      v8.writeHeapSnapshot(file);
      process.stdout.write(`snapshot ${file}\n`);
    }
  });
  lines.on('close', stop);
}

// Last, once the signal handlers above are in place: a harness that stops the server as soon as it reads this line
// (bench/startup.mjs) must not find Node's default SIGTERM action, which exits without the figures.
process.stdout.write(`ready ${app.getHttpServer().address().port}\n`);
