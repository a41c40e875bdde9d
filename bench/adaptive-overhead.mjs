// What the load governor measures as the suite's end-of-request work (run `npm run build` first): boots the whole
// suite at its defaults (logs to a file) with one endpoint, keeps 8 requests in flight for a few seconds, and
// prints `readings.overheadSeconds` of each governor interval (one request in 16 timed). Compare with the
// added µs per request of the `suite` scenario in docs/performance.md, which is measured from outside.
// Usage: node bench/adaptive-overhead.mjs [seconds]
import 'reflect-metadata';
import { benchLogFile } from './log-file.mjs';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AdaptiveTelemetryService, ObservabilityLogger, ObservabilityModule } from 'nestjs-observability';

const seconds = Number(process.argv[2] ?? 6);

class HelloController {
  hello() {
    return { ok: true };
  }
}
Get('hello')(HelloController.prototype, 'hello', Object.getOwnPropertyDescriptor(HelloController.prototype, 'hello'));
Controller()(HelloController);

class AppModule {}
Module({
  imports: [
    ObservabilityModule.forRoot({
      logging: { output: benchLogFile('adaptive') },
      adaptive: { interval: '1s', overhead_sample_every: 16 },
    }),
  ],
  controllers: [HelloController],
})(AppModule);

const app = await NestFactory.create(AppModule, { logger: false });
app.useLogger(app.get(ObservabilityLogger));
await app.listen(0, '127.0.0.1');
const url = `http://127.0.0.1:${app.getHttpServer().address().port}/hello`;
const governor = app.get(AdaptiveTelemetryService);
const perInterval = [];
for (let s = 0; s < seconds; s++) {
  const until = Date.now() + 1_000;
  while (Date.now() < until) await Promise.all(Array.from({ length: 8 }, () => fetch(url).then((r) => r.text())));
  const readings = governor.status().readings;
  if (readings?.overheadSeconds !== undefined) perInterval.push(readings.overheadSeconds * 1e6);
}
await app.close();
const sorted = [...perInterval].sort((a, b) => a - b);
console.log(`suite end-of-request work, µs per request, per 1 s interval: ${perInterval.map((v) => v.toFixed(1)).join(', ')}`);
console.log(`median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} µs`);
