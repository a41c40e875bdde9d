import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import type { HealthCheckResult } from '@nestjs/terminus';
import { RedactionPolicy } from '../common/index.js';
import type { HealthConfig } from '../config/index.js';
import { MetricsService } from '../metrics/index.js';
import { runCheck, type CheckResult } from './check-runner.js';
import { HealthCheckRegistry } from './health-check.registry.js';
import { HealthMetrics } from './health-metrics.js';
import { buildReport, type HealthPhase } from './health-report.js';
import { HEALTH_CONFIG, HEALTH_REDACTION } from './health.constants.js';
import { DRAINING } from './health.messages.js';
import type { HealthCheck, HealthCheckOptions } from './interfaces/health-check.interface.js';

interface Snapshot {
  readonly results: readonly CheckResult[];
  readonly completedAt: number;
}

/** Which checks a report covers: all of them (`<path>`) or those that decide readiness (`<path>/ready`). */
export type HealthScope = 'all' | 'readiness';

/**
 * The checks, their latest results and the app's phase. Checks run together (in parallel, each under
 * `health.timeout`) on the refresh schedule or on demand; probes read the latest results, so a burst of probes
 * never reaches a dependency. Readiness is down while starting (until the first run after bootstrap) and from the
 * moment shutdown begins.
 */
@Injectable()
export class HealthService implements OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('HealthService');
  private readonly registry = new HealthCheckRegistry();
  private readonly metrics: HealthMetrics;
  private readonly redaction: RedactionPolicy;
  private readonly shutdown = new AbortController();
  private snapshot?: Snapshot;
  private running?: Promise<Snapshot | undefined>;
  private bootstrapped = false;
  private currentPhase: HealthPhase = 'starting';

  constructor(
    @Inject(HEALTH_CONFIG) readonly config: HealthConfig,
    @Optional() metrics?: MetricsService,
    @Optional() @Inject(HEALTH_REDACTION) redaction?: RedactionPolicy,
  ) {
    this.redaction = redaction ?? new RedactionPolicy();
    this.metrics = new HealthMetrics(metrics);
  }

  get phase(): HealthPhase {
    return this.currentPhase;
  }

  /** Adds a check (also after startup); throws on a duplicate or invalid name. */
  register(check: HealthCheck, options: HealthCheckOptions = {}, source?: string): void {
    const named = check?.constructor && check.constructor !== Object ? check.constructor.name : undefined;
    this.registry.add(check, options, source ?? named ?? 'HealthService.register()');
  }

  /** Removes a check by name; its last result leaves the report at the next run. */
  unregister(name: string): boolean {
    return this.registry.remove(name);
  }

  /**
   * The Terminus-shaped report. From the latest results unless `fresh` (runs the checks now, or joins the run
   * under way). Before any run has finished it answers at once, down with the lifecycle entry saying `starting`,
   * and starts the first run if none is under way: a probe never waits on a dependency.
   */
  async report(options: { scope?: HealthScope; fresh?: boolean } = {}): Promise<HealthCheckResult> {
    if (!options.fresh && !this.snapshot) void this.refresh();
    const snapshot = options.fresh ? await this.refresh() : this.snapshot;
    let results = snapshot?.results ?? [];
    if (options.scope === 'readiness') results = results.filter((r) => this.registry.isReadiness(r.name));
    return buildReport(results, this.currentPhase);
  }

  /** The readiness report from the latest results only: never runs a check, so probes cost nothing. */
  readiness(): HealthCheckResult {
    const results = (this.snapshot?.results ?? []).filter((r) => this.registry.isReadiness(r.name));
    return buildReport(results, this.currentPhase);
  }

  /** Runs every check now, unless a run is already under way (then joins it). Never rejects. */
  refresh(): Promise<Snapshot | undefined> {
    if (this.currentPhase === 'draining') return Promise.resolve(this.snapshot);
    this.running ??= this.runAll().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Called once the app has bootstrapped: from now on, a finished run makes the app ready. */
  markBootstrapped(): void {
    this.bootstrapped = true;
    if (this.snapshot && this.currentPhase === 'starting') this.currentPhase = 'running';
  }

  /** Readiness goes down now; running checks are abandoned. Idempotent. */
  beginShutdown(): void {
    if (this.currentPhase === 'draining') return;
    this.currentPhase = 'draining';
    this.shutdown.abort();
  }

  /** Shutdown starts with the first module-destroy hook we get: readiness flips before any drain wait. */
  onModuleDestroy(): void {
    this.beginShutdown();
  }

  /**
   * On SIGTERM (what orchestrators send), keeps serving for `health.drain_delay` with readiness down, so load
   * balancers stop routing here before the server stops accepting connections. Other shutdowns (`app.close()`,
   * Ctrl+C) do not wait, as Terminus' own graceful-shutdown delay.
   */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.beginShutdown();
    const delay = this.config.drain_delay;
    if (!this.config.enabled || signal !== 'SIGTERM' || delay <= 0) return;
    this.logger.log({ drain_delay_ms: delay, msg: DRAINING });
    await sleep(delay);
  }

  private async runAll(): Promise<Snapshot | undefined> {
    const checks = this.registry.all();
    const results = await Promise.all(
      checks.map(({ check }) => runCheck(check, this.config.timeout, this.shutdown.signal, this.redaction)),
    );
    // A run cut short by shutdown says nothing about the dependencies: keep the last real one.
    if (this.shutdown.signal.aborted) return this.snapshot;
    this.metrics.record(results);
    this.snapshot = { results, completedAt: Date.now() };
    if (this.bootstrapped && this.currentPhase === 'starting') this.currentPhase = 'running';
    return this.snapshot;
  }
}
