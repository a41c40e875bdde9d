// One benchmark server: the same minimal Nest endpoint, with the modules of one scenario (bench/scenarios/<name>.mjs).
// Usage: node bench/server.mjs <scenario> <port> (0: any free port). Prints "ready <port>" on stdout when listening.
import 'reflect-metadata';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

const [scenarioName = 'bare', portArg = '3900'] = process.argv.slice(2);
const scenario = await import(new URL(`./scenarios/${scenarioName}.mjs`, import.meta.url));

class BenchController {
  get(id) {
    return { id, ok: true, items: [1, 2, 3] };
  }
}
Controller('bench')(BenchController);
Reflect.defineMetadata('design:paramtypes', [String], BenchController.prototype, 'get');
Param('id')(BenchController.prototype, 'get', 0);
Get(':id')(BenchController.prototype, 'get', Object.getOwnPropertyDescriptor(BenchController.prototype, 'get'));

class BenchModule {}
Module({ imports: await scenario.imports(), controllers: [BenchController] })(BenchModule);

const app = await NestFactory.create(BenchModule, { logger: false, bufferLogs: false });
await scenario.setup?.(app);
await app.listen(Number(portArg), '127.0.0.1');
process.stdout.write(`ready ${app.getHttpServer().address().port}\n`);

// CPU time spent serving the measured run: the harness signals SIGUSR2 when it starts and reads the figure at exit.
let cpuBaseline = process.cpuUsage();
process.on('SIGUSR2', () => {
  cpuBaseline = process.cpuUsage();
});

const stop = async () => {
  const cpu = process.cpuUsage(cpuBaseline);
  process.stdout.write(`cpu_us ${cpu.user + cpu.system}\n`);
  if (globalThis.__n) console.error('log() avg us', Number(globalThis.__ns) / globalThis.__n / 1000, 'n', globalThis.__n);
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
