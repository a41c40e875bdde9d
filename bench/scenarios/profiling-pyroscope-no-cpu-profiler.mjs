// Pyroscope mode (uploads every 15 s, no scheduled capture) with V8's CPU profiler never started: the wall profiler
// is replaced by one that samples nothing and returns empty profiles, and requests are not attached. Everything else
// runs: the heap profiler, a heap profile and an (empty) CPU profile encoded and pushed every 15 s. Against
// `profiling-off` over 150 s: what Pyroscope mode costs apart from the CPU profiler.
import { Profile } from 'pprof-format';
import { pyroscopeScenario } from '../pyroscope-scenario.mjs';

let started = false;
const time = {
  isStarted: () => started,
  start: () => void (started = true),
  stop: (restart = false) => {
    started = restart;
    return new Profile();
  },
  runWithContext: (_context, fn, ...args) => fn(...args),
};

export const imports = pyroscopeScenario({ profiling: { upload_interval: '15s', interval: '1h' }, time });
