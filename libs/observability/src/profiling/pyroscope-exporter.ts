import { HttpEgress, type EgressTransport } from '../common/index.js';
import type { ProfilingConfig } from '../config/index.js';
import { UPLOAD_QUEUE_LIMIT } from './profiling.constants.js';
import type { DropReason, ProfilingMetrics } from './profiling-metrics.js';

/** One gzipped pprof profile and the time it covers. */
export interface PyroscopeUpload {
  readonly data: Buffer;
  readonly from: Date;
  readonly until: Date;
  /** Samples per second (CPU profiles); absent for heap profiles. */
  readonly sampleRate?: number;
}

export interface PyroscopeExporterOptions {
  endpoint: string;
  /** `app{service=…,environment=…,version=…}`: Pyroscope's application name with its tags. */
  name: string;
  token?: string;
  timeoutMs: number;
}

/** How the exporter reports its state changes (one line when failing starts, one when it ends). */
export interface ExporterEvents {
  failing(reason: string): void;
  recovered(dropped: number): void;
}

/**
 * Pushes profiles to Pyroscope's ingest API the way its Node SDK does (`POST /ingest?name=…&from=…&until=…
 * &format=pprof&spyName=nodespy`, body the gzipped pprof). Off the request path and bounded: one upload in flight,
 * at most {@link UPLOAD_QUEUE_LIMIT} waiting (the oldest is dropped), each under a timeout; every drop is
 * counted with its reason. A failing server produces one warning, and one line when it recovers. The POSTs go out
 * from a worker thread ({@link HttpEgress}): an HTTP client in the app's own thread slows its server's requests.
 */
export class PyroscopeExporter {
  private readonly queue: PyroscopeUpload[] = [];
  private readonly closing = new AbortController();
  private inFlight?: Promise<void>;
  private failingSince?: number;
  private droppedWhileFailing = 0;

  constructor(
    private readonly options: PyroscopeExporterOptions,
    private readonly metrics: ProfilingMetrics,
    private readonly events: ExporterEvents,
    private readonly transport: EgressTransport = new HttpEgress(),
  ) {}

  /** Queues a profile; never throws, never waits. */
  push(upload: PyroscopeUpload): void {
    if (this.closing.signal.aborted) return this.drop('shutdown');
    if (this.queue.length >= UPLOAD_QUEUE_LIMIT) {
      this.queue.shift();
      this.drop('queue_full');
    }
    this.queue.push(upload);
    this.inFlight ??= this.drain().finally(() => (this.inFlight = undefined));
  }

  /** Waits for the queue to empty, at most `deadlineMs`; what is left is dropped (counted) and uploads abort. */
  async shutdown(deadlineMs: number): Promise<void> {
    if (this.inFlight) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.inFlight, new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)))]);
      clearTimeout(timer);
    }
    this.closing.abort();
    const left = this.queue.splice(0);
    if (left.length > 0) this.drop('shutdown', left.length);
    await this.transport.close();
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      const reason = await this.send(next);
      if (reason) this.fail(reason);
      else this.succeed();
    }
  }

  /** Undefined on success, else why it failed. */
  private async send(upload: PyroscopeUpload): Promise<{ reason: DropReason; detail: string } | undefined> {
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
    if (this.options.token) headers['authorization'] = `Bearer ${this.options.token}`;
    const { status, failure, detail } = await this.transport.post(
      { url: this.url(upload), body: upload.data, headers, timeoutMs: this.options.timeoutMs },
      this.closing.signal,
    );
    if (status !== undefined) return status >= 200 && status < 300 ? undefined : { reason: 'rejected', detail: `HTTP ${status}` };
    if (this.closing.signal.aborted || failure === 'aborted') return { reason: 'shutdown', detail: 'shutting down' };
    if (failure === 'timeout') return { reason: 'timeout', detail: `no answer within ${this.options.timeoutMs}ms` };
    return { reason: 'unreachable', detail: detail ?? 'network error' };
  }

  private url(upload: PyroscopeUpload): string {
    const url = new URL('ingest', this.options.endpoint.endsWith('/') ? this.options.endpoint : `${this.options.endpoint}/`);
    url.searchParams.set('name', this.options.name);
    url.searchParams.set('from', String(Math.floor(upload.from.getTime() / 1000)));
    url.searchParams.set('until', String(Math.ceil(upload.until.getTime() / 1000)));
    url.searchParams.set('format', 'pprof');
    url.searchParams.set('spyName', 'nodespy');
    if (upload.sampleRate !== undefined) url.searchParams.set('sampleRate', String(upload.sampleRate));
    return url.toString();
  }

  private drop(reason: DropReason, count = 1): void {
    this.metrics.drop(reason, count);
    if (this.failingSince !== undefined) this.droppedWhileFailing += count;
  }

  private fail({ reason, detail }: { reason: DropReason; detail: string }): void {
    const first = this.failingSince === undefined;
    this.failingSince ??= Date.now();
    this.drop(reason);
    if (first && reason !== 'shutdown') this.events.failing(detail);
  }

  private succeed(): void {
    this.metrics.upload();
    if (this.failingSince === undefined) return;
    const dropped = this.droppedWhileFailing;
    this.failingSince = undefined;
    this.droppedWhileFailing = 0;
    this.events.recovered(dropped);
  }
}

/** Pyroscope's application name with tags: `app{environment=prod,service=app,version=1.2.0}`. */
export function pyroscopeName(application: string, tags: Record<string, string>): string {
  const clean = (v: string) => v.replace(/[{},=\s]/g, '_');
  const pairs = Object.entries(tags)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${clean(k)}=${clean(v)}`);
  return `${application}{${pairs.join(',')}}`;
}

/** The exporter for `profiling`'s Pyroscope settings: the application name tagged with service, environment, version. */
export function pyroscopeExporterFor(
  config: ProfilingConfig,
  endpoint: string,
  metrics: ProfilingMetrics,
  events: ExporterEvents,
  transport?: EgressTransport,
): PyroscopeExporter {
  const tags = {
    ...config.tags,
    service: config.application_name,
    environment: config.environment ?? process.env['NODE_ENV'] ?? 'development',
    version: config.version ?? process.env['npm_package_version'] ?? 'unknown',
  };
  const name = pyroscopeName(config.application_name, tags);
  return new PyroscopeExporter(
    { endpoint, name, token: config.pyroscope_token, timeoutMs: config.upload_timeout },
    metrics,
    events,
    transport,
  );
}
