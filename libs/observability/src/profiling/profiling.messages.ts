export const PPROF_UNAVAILABLE = (reason: string) =>
  `Profiling is off: the native profiler (@datadog/pprof) could not be loaded on Node ${process.versions.node} (${reason}). The application runs without it.`;

export const PPROF_IN_USE =
  'Profiling is off: the V8 wall profiler is already running in this process (another app or a profiling agent owns it; V8 has one per process).';

export const NO_ATTRIBUTION =
  'CPU samples are not labelled with routes: that needs AsyncContextFrame (Node 24, or Node 22 with --experimental-async-context-frame).';

export const UPLOAD_FAILING = (endpoint: string, reason: string) =>
  `Pyroscope upload to ${endpoint} failed (${reason}); profiles are dropped and counted in profiles_dropped_total until it answers again. Captures, endpoints and the app are unaffected.`;

export const UPLOAD_RECOVERED = (dropped: number) =>
  `Pyroscope uploads succeed again; ${dropped} profile(s) were dropped while it was failing.`;

export const BAD_SECONDS = (max: number) => `seconds must be an integer from 1 to ${max}`;

export const CAPTURE_IN_PROGRESS = 'a CPU profile is already being captured; try again when it finishes';

export const TOKEN_REQUIRED = 'Authorization: Bearer <management.token> required';

export const SHUTTING_DOWN = 'the application is shutting down';

export const INSIGHTS_LINE = 'profiling insights';

export const CAPTURE_FAILED = 'scheduled profile capture failed';

export const UPLOAD_TICK_FAILED = 'profile upload tick failed';

export const NOT_RUNNING = 'profiling is not running';

export const NOT_RUNNING_REASON = 'profiling is not running (disabled, or the native profiler could not load)';

export const PPROF_TAKEN = 'the V8 CPU profiler is held by another app or profiling agent in this process; this capture cannot run';
