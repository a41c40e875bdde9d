// What a burst of probes costs, and what reaches the dependency: /health/ready of the health pillar (served from
// the latest results) against a plain Terminus controller that checks on every probe. The dependency answers in
// 2 ms and counts its calls. Usage: npm run build && node bench/health-probes.mjs [--duration 4] [--connections 32]
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { HealthModule, HealthService } from 'nestjs-observability';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const duration = arg('duration', 4);
const connections = arg('connections', 32);

const dependency = {
  calls: 0,
  async ping() {
    this.calls++;
    await sleep(2);
  },
};

class TerminusController {
  constructor(health) {
    this.health = health;
  }
  check() {
    return this.health.check([async () => (await dependency.ping(), { dependency: { status: 'up' } })]);
  }
}
Controller('terminus')(TerminusController);
Reflect.defineMetadata('design:paramtypes', [HealthCheckService], TerminusController);
const descriptor = Object.getOwnPropertyDescriptor(TerminusController.prototype, 'check');
HealthCheck()(TerminusController.prototype, 'check', descriptor);
Get('ready')(TerminusController.prototype, 'check', descriptor);

class ProbeModule {}
Module({
  imports: [
    TerminusModule.forRoot({ logger: false }),
    HealthModule.forRoot({
      health: {
        interval: '5s',
        checks: { memory: { enabled: false }, disk: { enabled: false }, event_loop: { enabled: false }, llm: { enabled: false } },
      },
    }),
  ],
  controllers: [TerminusController],
})(ProbeModule);

const app = await NestFactory.create(ProbeModule, { logger: false });
app.get(HealthService).register({ name: 'dependency', check: () => dependency.ping() });
await app.listen(0, '127.0.0.1');
const { port } = app.getHttpServer().address();
while (app.get(HealthService).phase !== 'running') await sleep(10);

// Asynchronously: the server under test runs in this process.
async function wrk(path) {
  const r = await promisify(execFile)('wrk', ['-t1', `-c${connections}`, `-d${duration}s`, '--latency', `http://127.0.0.1:${port}${path}`]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1]);
  const p99 = /^\s+99%\s+([\d.]+\w+)/m.exec(r.stdout)?.[1];
  const requests = Number(/(\d+) requests in/.exec(r.stdout)?.[1]);
  return { rps, p99, requests };
}

console.log(`node ${process.version}; ${duration}s per run, ${connections} connections; the server shares the machine with wrk`);
for (const [label, path] of [
  ['health pillar /health/ready', '/health/ready'],
  ['Terminus, check per probe', '/terminus/ready'],
]) {
  const before = dependency.calls;
  const r = await wrk(path);
  console.log(
    `${label.padEnd(30)} ${r.rps.toFixed(0).padStart(7)} req/s  p99 ${String(r.p99).padStart(8)}  ${r.requests} probes -> ${dependency.calls - before} dependency calls`,
  );
}
await app.close();
