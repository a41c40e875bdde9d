// A child process for the full-length Loki scenarios: a Nest application context with LoggingModule (from the
// BUILT package) shipping to the Loki endpoint it is given, writing `rate` request-like lines per second. It reports
// its RSS and the shipper's accounting to the parent over IPC every 250 ms, and closes the app when told to.
// Run with Node's type stripping: `node test/helpers/loki-producer.ts '<json options>'`.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { LoggingModule, LoggingService, LokiService } from 'nestjs-observability';

export interface ProducerOptions {
  rate: number;
  loki: Record<string, unknown>;
}

export type ProducerMessage =
  | { type: 'tick'; produced: number; rss: number; heapUsed: number; heapTotal: number; report: ReturnType<LokiService['report']> }
  | { type: 'closed'; produced: number; rss: number; report: ReturnType<LokiService['report']> }
  | { type: 'problem'; error: string };

const options = JSON.parse(process.argv[2] ?? '{}') as ProducerOptions;
const send = (message: ProducerMessage) => process.send?.(message);
process.on('unhandledRejection', (error) => send({ type: 'problem', error: `unhandledRejection: ${String(error)}` }));
process.on('uncaughtException', (error) => send({ type: 'problem', error: `uncaughtException: ${String(error)}` }));

const app = await NestFactory.createApplicationContext(
  LoggingModule.forRoot({ logging: { output: '/dev/null', loki: { enabled: true, ...options.loki } } }),
  { logger: false },
);
const logging = app.get(LoggingService);
const shipper = app.get(LokiService);

let produced = 0;
const started = Date.now();
const producing = setInterval(() => {
  const target = Math.floor(((Date.now() - started) * options.rate) / 1000);
  while (produced < target) {
    const seq = produced++;
    logging.info(
      {
        seq,
        request_id: `3f1c9a4e-7b2d-4c55-9e61-${String(seq).padStart(12, '0')}`,
        req: { method: 'POST', url: '/api/chat', route: '/api/chat' },
        res: { status_code: 200 },
        duration_ms: 12.345,
      },
      'request completed',
    );
  }
}, 10);
const ticking = setInterval(() => {
  const { rss, heapUsed, heapTotal } = process.memoryUsage();
  send({ type: 'tick', produced, rss, heapUsed, heapTotal, report: shipper.report() });
}, 250);

process.on('message', (message: unknown) => {
  if (message === 'stop') clearInterval(producing);
  if (message === 'close') {
    clearInterval(producing);
    clearInterval(ticking);
    void app.close().then(() => {
      send({ type: 'closed', produced, rss: process.memoryUsage().rss, report: shipper.report() });
      process.disconnect?.();
    });
  }
});
send({ type: 'tick', produced, report: shipper.report(), ...process.memoryUsage() });
