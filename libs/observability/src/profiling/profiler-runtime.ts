import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { PprofProfile as Profile } from './pprof-loader.js';
import type { ProfilingConfig } from '../config/index.js';
import { MetricsService } from '../metrics/index.js';
import { KeptSpans } from '../tracing/index.js';
import type { Server } from 'node:http';
import type { EgressTransport, HttpRequest, HttpResponse } from '../common/index.js';
import { hasRequestLifecycle, RequestContextService } from '../context/index.js';
import { loadPprof, type PprofImporter } from './pprof-loader.js';
import { asyncContextFrameActive, ProfilerEngine } from './profiler-engine.js';
import { PPROF_IMPORTER, PROFILING_CONFIG, PYROSCOPE_TRANSPORT } from './profiling.constants.js';
import {
  NO_ATTRIBUTION,
  NOT_RUNNING,
  PPROF_IN_USE,
  PPROF_UNAVAILABLE,
  UPLOAD_FAILING,
  UPLOAD_RECOVERED,
  UPLOAD_TICK_FAILED,
} from './profiling.messages.js';
import { ProfilingMetrics } from './profiling-metrics.js';
import { pyroscopeExporterFor, type PyroscopeExporter } from './pyroscope-exporter.js';
import { SampleContext } from './sample-context.js';

/** The sample context of a request being served while the profiler attributes, kept on the raw request. */
const SAMPLE_KEY = Symbol('nestjs-observability.profiling-sample');

type SampledRequest = HttpRequest & { [SAMPLE_KEY]?: SampleContext };

/** Settles the request's sample context: an end-of-request listener, shared by every request. */
function settleSample(req: HttpRequest): void {
  (req as SampledRequest)[SAMPLE_KEY]?.settle();
}

/** The same, as a response `close` listener (Node calls it with the response as `this`). */
function settleOnClose(this: HttpResponse & { req: HttpRequest }): void {
  settleSample(this.req);
}

/** How long shutdown waits for the last upload before dropping what is left (counted). */
const UPLOAD_SHUTDOWN_DEADLINE_MS = 2_000;

/**
 * Owns the native profiler for this app: loads it only when profiling is enabled (a missing prebuilt binary
 * logs one line and leaves profiling off, the app up), and runs the CPU profiler only while its samples are read:
 * all along when a Pyroscope endpoint is configured (every cut is pushed there; each covers the time since the
 * previous one, so captures and uploads share one stream and Pyroscope sees each sample once), otherwise only
 * during captures. The heap profiler runs all along.
 */
@Injectable()
export class ProfilerRuntime implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Profiling');
  private readonly metrics: ProfilingMetrics;
  private engine?: ProfilerEngine;
  private exporter?: PyroscopeExporter;
  private uploadTimer?: NodeJS.Timeout;
  private lastCutAt = new Date();
  private holding = 0;
  /** Upload intervals since the start (Pyroscope). */
  private ticks = 0;
  /** Span ids are written on samples only where tracing records which traces it kept. */
  private linkTraces = false;
  /** Removes the end-of-request listener registered with the request context. */
  private stopSettling?: () => void;
  /** Whether the request lifecycle's end-of-request listeners settle samples (decided at the first request). */
  private settledByLifecycle?: boolean;

  constructor(
    @Inject(PROFILING_CONFIG) readonly config: ProfilingConfig,
    @Inject(PPROF_IMPORTER) private readonly importer: PprofImporter,
    @Optional() metrics?: MetricsService,
    @Optional() private readonly keptSpans?: KeptSpans,
    @Optional() private readonly contexts?: RequestContextService,
    @Optional() @Inject(PYROSCOPE_TRANSPORT) private readonly transport?: EgressTransport,
  ) {
    // Nothing is registered while profiling is off.
    this.metrics = new ProfilingMetrics(config.enabled ? metrics : undefined);
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.enabled) return;
    const loaded = await loadPprof(this.importer);
    if ('error' in loaded) return this.logger.warn(PPROF_UNAVAILABLE(loaded.error));
    const wanted = this.config.attribution;
    const attribution = wanted && asyncContextFrameActive();
    const engine = new ProfilerEngine(
      loaded.pprof,
      {
        samplingIntervalUs: this.config.sampling_interval_us,
        heapSamplingBytes: this.config.heap_sampling_bytes,
        attribution,
        contexts: wanted,
      },
      // Without tracing (or without its record of kept traces) no span id is known to be kept: none is written.
      (attached) => (attached instanceof SampleContext ? attached.labels(this.linkTraces ? this.isKept : neverKept) : {}),
    );
    try {
      if (!engine.claim()) return this.logger.warn(PPROF_IN_USE);
      if (this.continuous) this.startCpu(engine);
    } catch (error) {
      engine.release();
      return this.logger.warn(PPROF_UNAVAILABLE((error as Error).message));
    }
    this.engine = engine;
    this.stopSettling = this.contexts?.onResponse(settleSample);
    // Modules are configured by now, so the server spans decide a trace before the record reads the decision.
    this.linkTraces = attribution && this.keptSpans?.start() === true;
    if (wanted && !attribution) this.logger.log(NO_ATTRIBUTION);
    if (this.config.pyroscope_endpoint) this.startUploads(this.config.pyroscope_endpoint);
  }

  /** Whether profiles can be taken (enabled, loaded, and this app owns the profiler). */
  get active(): boolean {
    return this.engine?.active ?? false;
  }

  /**
   * With Pyroscope the CPU profiler starts with the app: Pyroscope expects every upload interval covered (unless
   * `cpu_duty_cycle` says otherwise). Without it, it runs only while a capture does.
   */
  private get continuous(): boolean {
    return this.config.pyroscope_endpoint !== undefined;
  }

  /** With Pyroscope: the CPU profiler runs one upload interval in this many (`profiling.cpu_duty_cycle`). */
  private get windowsPerCycle(): number {
    return Math.max(1, Math.round(1 / this.config.cpu_duty_cycle));
  }

  private get sampleRate(): number {
    return 1e6 / this.config.sampling_interval_us;
  }

  /**
   * Runs a request's handling so that its samples carry its route (and span id) — only while the CPU profiler
   * runs: attaching costs a native context holder per request (and a response listener where the request context
   * does not run), so between captures without Pyroscope requests run as they are.
   */
  runForRequest<R>(server: Server, req: HttpRequest, res: HttpResponse, dispatch: (req: HttpRequest, res: HttpResponse) => R): R {
    const engine = this.engine;
    if (!engine?.attributing) return dispatch(req, res);
    const sample = new SampleContext(req);
    (req as SampledRequest)[SAMPLE_KEY] = sample;
    // The request context's end-of-request listeners already run for every request of a server it serves: the
    // sample settles there, without a second `close` listener per response.
    this.settledByLifecycle ??= this.stopSettling !== undefined && hasRequestLifecycle(server);
    if (!this.settledByLifecycle) res.on('close', settleOnClose);
    return engine.runAttached(sample, dispatch, req, res);
  }

  /** Whether requests are attached now (the CPU profiler runs and samples can carry their route). */
  get attributing(): boolean {
    return this.engine?.attributing === true;
  }

  /**
   * Begins a CPU capture. When the CPU profiler is stopped (no Pyroscope, or a window Pyroscope's duty cycle skips)
   * the capture starts it and stops it at its end; when it runs, the capture cuts it. Every cut and stop is also
   * pushed to Pyroscope when one is configured, and while a capture runs the upload timer leaves the CPU profiler
   * alone. {@link CpuCapture.close} must follow, whatever happens.
   */
  beginCapture(): CpuCapture {
    const engine = this.require();
    const ownSession = !engine.cpuActive;
    const from = ownSession ? this.startCpu(engine) : this.cutCpu().until;
    this.holding++;
    let open = true;
    const close = () => {
      if (!open) return;
      open = false;
      this.holding--;
      // Cut short (shutdown): the partial samples are not worth a profile.
      if (ownSession) engine.stopCpu();
    };
    return {
      from,
      finish: () => {
        const cut = ownSession ? this.stopCpu() : this.cutCpu();
        close();
        return cut;
      },
      close,
    };
  }

  private startCpu(engine: ProfilerEngine): Date {
    engine.startCpu();
    return (this.lastCutAt = new Date());
  }

  /** The CPU profile since the previous cut, also pushed to Pyroscope; the profiler keeps running. */
  private cutCpu(): { profile: Profile; from: Date; until: Date } {
    const engine = this.require();
    const from = this.lastCutAt;
    const profile = engine.cut();
    const until = (this.lastCutAt = new Date());
    void this.forward(engine, profile, from, until, this.sampleRate);
    return { profile, from, until };
  }

  /** As {@link cutCpu}, and the profiler stops. */
  private stopCpu(): { profile: Profile; from: Date; until: Date } {
    const engine = this.require();
    const from = this.lastCutAt;
    const profile = engine.stopCpu();
    if (!profile) throw new Error(NOT_RUNNING);
    const until = (this.lastCutAt = new Date());
    void this.forward(engine, profile, from, until, this.sampleRate);
    return { profile, from, until };
  }

  heap(): Profile {
    return this.require().heap();
  }

  encode(profile: Profile): Promise<Buffer> {
    return this.require().encode(profile);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.uploadTimer) clearInterval(this.uploadTimer);
    this.uploadTimer = undefined;
    this.stopSettling?.();
    this.stopSettling = undefined;
    const engine = this.engine;
    this.engine = undefined;
    if (!engine) return;
    if (this.exporter && engine.cpuActive) {
      try {
        const last = engine.stopCpu();
        if (last) await this.forward(engine, last, this.lastCutAt, new Date(), this.sampleRate);
      } catch {
        // The last partial profile is not worth a failed shutdown.
      }
    }
    await this.exporter?.shutdown(UPLOAD_SHUTDOWN_DEADLINE_MS);
    engine.release();
  }

  private startUploads(endpoint: string): void {
    this.exporter = pyroscopeExporterFor(
      this.config,
      endpoint,
      this.metrics,
      {
        failing: (reason) => this.logger.warn(UPLOAD_FAILING(new URL(endpoint).origin, reason)),
        recovered: (dropped) => this.logger.log(UPLOAD_RECOVERED(dropped)),
      },
      this.transport,
    );
    this.uploadTimer = setInterval(() => this.uploadTick(), this.config.upload_interval);
    this.uploadTimer.unref();
  }

  /**
   * The end of one upload interval and the start of the next. The CPU profile of the interval that ends is pushed
   * if the profiler ran through it; with a duty cycle below 1 the profiler then stops, and starts again on the
   * first interval of the next cycle, so every pushed CPU profile covers exactly the time it sampled and the
   * skipped intervals have none. The heap profiler runs all along: its profile is pushed every interval.
   */
  private uploadTick(): void {
    try {
      const engine = this.require();
      this.ticks++;
      if (this.holding === 0) {
        const cycle = this.windowsPerCycle;
        if (engine.cpuActive) {
          if (cycle === 1) this.cutCpu();
          else this.stopCpu();
        }
        if (cycle > 1 && this.ticks % cycle === 0) this.startCpu(engine);
      }
      const now = new Date();
      void this.forward(engine, engine.heap(), now, now);
    } catch (error) {
      this.logger.warn({ err: error, msg: UPLOAD_TICK_FAILED });
    }
  }

  private async forward(engine: ProfilerEngine, profile: Profile, from: Date, until: Date, sampleRate?: number): Promise<void> {
    const exporter = this.exporter;
    if (!exporter) return;
    await engine.encode(profile).then(
      (data) => exporter.push({ data, from, until, ...(sampleRate ? { sampleRate: Math.round(sampleRate) } : {}) }),
      () => this.metrics.drop('rejected'),
    );
  }

  private readonly isKept = (spanId: string): boolean => this.keptSpans?.has(spanId) === true;

  private require(): ProfilerEngine {
    if (!this.engine) throw new Error(NOT_RUNNING);
    return this.engine;
  }
}

const neverKept = (): boolean => false;

/** A CPU capture in progress: the samples from `from` until {@link finish}. */
export interface CpuCapture {
  readonly from: Date;
  /** The samples since `from`, labelled. Once. */
  finish(): { profile: Profile; from: Date; until: Date };
  /** Ends the capture (the CPU profiler stops unless Pyroscope needs it). Idempotent; after {@link finish} too. */
  close(): void;
}
