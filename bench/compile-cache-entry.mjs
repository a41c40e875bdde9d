// Entry for bench/profiling-startup.mjs: turns on V8's compile cache (module.enableCompileCache) when asked, then
// starts the bench server, so every module it loads afterwards is read from (or written to) the cache.
import module from 'node:module';

const dir = process.env['BENCH_COMPILE_CACHE'];
if (dir) module.enableCompileCache(dir);
await import('./server.mjs');
