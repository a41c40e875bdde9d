// As `profiling-captured-loaded`, with requests never attached to the profiler (its runWithContext runs the request
// as it is): whether what a capture under load leaves behind comes from the attached requests.
import { capturedLoaded } from './profiling-captured-loaded.mjs';

export const imports = capturedLoaded(async () => {
  const pprof = (await import('@datadog/pprof')).default;
  return { ...pprof, time: { ...pprof.time, runWithContext: (_context, fn, ...args) => fn(...args) } };
});
