/** Raw options given to ProfilingModule.forRoot / forRootAsync. */
export const PROFILING_MODULE_OPTIONS = Symbol('OBSERVABILITY:PROFILING_OPTIONS');
/** The validated `observability.profiling` section. */
export const PROFILING_CONFIG = Symbol('OBSERVABILITY:PROFILING_CONFIG');
/** The {@link ManagementAuth} built from `observability.management.token`. */
export const PROFILING_MANAGEMENT_AUTH = Symbol('OBSERVABILITY:PROFILING_MANAGEMENT_AUTH');
/** The validated `observability.management` section: where `/debug/pprof/*` is served. */
export const PROFILING_MANAGEMENT = Symbol('OBSERVABILITY:PROFILING_MANAGEMENT');
/** How the native profiler is imported; replaced in tests to prove the app starts where it cannot load. */
export const PPROF_IMPORTER = Symbol('OBSERVABILITY:PPROF_IMPORTER');
/** Where Pyroscope uploads are POSTed through (an `EgressTransport`); unset: a worker thread of the suite's own. */
export const PYROSCOPE_TRANSPORT = Symbol('nestjs-observability.pyroscope-transport');

/** Name of the capture job in the app's SchedulerRegistry (when the app imports ScheduleModule). */
export const PROFILING_CAPTURE_JOB = 'observability:profile-capture';

/** Where the endpoints live (Go's net/http/pprof paths, so `go tool pprof` users find them). */
export const PPROF_BASE_PATH = '/debug/pprof';

/** Route label value for samples taken outside any HTTP request (timers, startup, background jobs). */
export const NO_REQUEST_ROUTE = '(no request)';

/** Entries listed per insight (top functions, growing sites, routes). */
export const INSIGHT_TOP = 10;
export const INSIGHT_MAX_ROUTES = 20;

/** Profiles waiting for a Pyroscope upload; past this the oldest is dropped and counted. */
export const UPLOAD_QUEUE_LIMIT = 4;
