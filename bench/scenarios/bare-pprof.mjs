// `bare` with @datadog/pprof's wall profiler (what @pyroscope/nodejs runs) started all along at 100 Hz, without
// contexts: the profiler the card's package uses, with nothing of ours around it. Against `bare`.
import pprof from '@datadog/pprof';

export async function imports() {
  return [];
}

export async function setup() {
  pprof.time.start({ intervalMicros: 10_000, durationMillis: 60_000, withContexts: false });
}
