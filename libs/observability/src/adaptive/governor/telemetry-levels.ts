import type { LogLevel } from '../../config/index.js';

/** The part of TracingService the governor turns (structural: tracing may be absent). */
export interface SampleRateControl {
  readonly sampleRate: number;
  scaleSampleRate(owner: object, factor: number | undefined): void;
}

/** The part of LoggingService the governor turns. */
export interface LogLevelControl {
  readonly level: LogLevel;
  setLevel(level: LogLevel): void;
}

/** What one level means once applied. */
export interface AppliedLevel {
  readonly level: number;
  /** What the head sampler's ratio is multiplied by. */
  readonly sampleFactor: number;
  /** The head sampler's ratio now (0 without tracing). */
  readonly sampleRate: number;
  /** The log level now (undefined without the logging pillar). */
  readonly logLevel: LogLevel | undefined;
}

const VERBOSE: readonly LogLevel[] = ['trace', 'debug'];

/**
 * Turns a governor level into telemetry settings: the head sampler's ratio × `stepFactor ^ level` (errors, slow
 * requests and critical routes are tail decisions and stay kept), and from level 1 on, debug and trace lines off
 * (the level goes to `info`). Back at level 0 the log level the governor replaced is restored, unless someone
 * changed it in the meantime: their choice stands.
 */
export class TelemetryLevels {
  private replacedLogLevel?: LogLevel;

  constructor(
    private readonly stepFactor: number,
    private readonly tracing: SampleRateControl | undefined,
    private readonly logging: LogLevelControl | undefined,
  ) {}

  apply(level: number): AppliedLevel {
    const sampleFactor = this.stepFactor ** level;
    this.tracing?.scaleSampleRate(this, level === 0 ? undefined : sampleFactor);
    const logging = this.logging;
    if (logging && level > 0 && VERBOSE.includes(logging.level)) {
      this.replacedLogLevel = logging.level;
      logging.setLevel('info');
    } else if (logging && level === 0 && this.replacedLogLevel) {
      if (logging.level === 'info') logging.setLevel(this.replacedLogLevel);
      this.replacedLogLevel = undefined;
    }
    return { level, sampleFactor, sampleRate: this.tracing?.sampleRate ?? 0, logLevel: logging?.level };
  }
}
