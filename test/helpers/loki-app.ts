import type { INestApplication } from '@nestjs/common';
import { LoggingModule, LoggingService, LokiService, MetricsModule, MetricsService, type LokiReport } from 'nestjs-observability';
import { bootApp } from './bootstrap.js';
import { eventually } from './eventually.js';
import { LogCapture } from './log-capture.js';
import type { FakeLoki, ReceivedEntry } from './loki-server.js';

export interface LokiApp {
  app: INestApplication;
  logs: LogCapture;
  logging: LoggingService;
  shipper: LokiService;
  metrics: MetricsService | undefined;
}

/** A real Nest app (Express) whose logs go to memory and to `loki`, with the `loki` section given (plus metrics when asked). */
export async function bootLokiApp(loki: FakeLoki, section: Record<string, unknown>, options: { metrics?: boolean } = {}): Promise<LokiApp> {
  const logs = new LogCapture();
  const app = await bootApp({
    imports: [
      ...(options.metrics ? [MetricsModule.forRoot({ metrics: { namespace: 'e2e' } })] : []),
      LoggingModule.forRoot({
        logging: { loki: { enabled: true, endpoint: loki.url, labels: { service: 'e2e' }, ...section } },
        destination: logs,
      }),
    ],
  });
  return {
    app,
    logs,
    logging: app.get(LoggingService),
    shipper: app.get(LokiService),
    metrics: options.metrics ? app.get(MetricsService) : undefined,
  };
}

/** The shipper's report once `predicate` holds (the worker reports its counters every 250 ms). */
export async function waitForReport(shipper: LokiService, predicate: (r: LokiReport) => boolean, timeoutMs = 10_000): Promise<LokiReport> {
  return eventually(
    () => {
      const report = shipper.report();
      return report !== undefined && predicate(report) && report;
    },
    { timeoutMs, describe: () => `shipper report never matched: ${JSON.stringify(shipper.report())}` },
  );
}

/** A steady producer: `rate` lines per second, numbered, in bursts every 10 ms; `samples` map time to lines written. */
export class LineProducer {
  count = 0;
  readonly samples: [number, number][] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logging: LoggingService,
    private readonly rate: number,
  ) {}

  start(): void {
    const started = Date.now();
    const base = this.count;
    this.timer = setInterval(() => {
      const target = base + Math.floor(((Date.now() - started) * this.rate) / 1000);
      while (this.count < target) this.line();
      this.samples.push([Date.now(), this.count]);
    }, 10);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Lines written by time `t` (the last sample at or before it). */
  producedAt(t: number): number {
    let n = 0;
    for (const [at, count] of this.samples) if (at <= t) n = count;
    return n;
  }

  line(): void {
    const seq = this.count++;
    this.logging.info({ seq, request_id: `req-${seq}`, route: '/api/chat', status: 200, duration_ms: 12.5 }, 'request completed');
  }
}

/** The `seq` of every numbered line Loki received, in arrival order (the shipper's own notices have none). */
export function receivedSeqs(entries: ReceivedEntry[]): number[] {
  return entries.map((e) => (JSON.parse(e.line) as { seq?: unknown }).seq).filter((seq): seq is number => typeof seq === 'number');
}

/** The lines the shipper logged about Loki failing and recovering. */
export function lokiNotices(logs: LogCapture): { failing: Record<string, unknown>[]; recovered: Record<string, unknown>[] } {
  const lines = logs.lines.map((l) => ({ line: l, msg: String(l['msg']) }));
  return {
    failing: lines.filter((l) => l.msg.startsWith('loki push failing')).map((l) => l.line),
    recovered: lines.filter((l) => l.msg.startsWith('loki push recovered')).map((l) => l.line),
  };
}
