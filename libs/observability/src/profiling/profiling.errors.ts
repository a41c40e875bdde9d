import { CAPTURE_IN_PROGRESS, SHUTTING_DOWN } from './profiling.messages.js';

/** A CPU capture was asked for while another one runs (the endpoint answers 409). */
export class CaptureInProgressError extends Error {
  constructor() {
    super(CAPTURE_IN_PROGRESS);
    this.name = 'CaptureInProgressError';
  }
}

/** The capture was refused or cut short because the application is shutting down (the endpoint answers 503). */
export class ProfilingShutdownError extends Error {
  constructor() {
    super(SHUTTING_DOWN);
    this.name = 'ProfilingShutdownError';
  }
}

/** Profiling is not running (disabled, or the native profiler could not load). */
export class ProfilingUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ProfilingUnavailableError';
  }
}
