import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ObservabilityLogger } from 'nestjs-observability';

export type Platform = 'express' | 'fastify';

export interface BootOptions {
  platform?: Platform;
  imports?: ModuleMetadata['imports'];
  controllers?: ModuleMetadata['controllers'];
  providers?: ModuleMetadata['providers'];
  /**
   * Nest's own log lines: `false` (the default) silences them; `'observability'` routes them through the app's
   * ObservabilityLogger, buffered until it exists, as a user's main.ts does.
   */
  logger?: false | 'observability';
}

/**
 * The one way the tests boot a real Nest app: a testing module of `imports`, `controllers` and `providers` on
 * Express or Fastify, initialised (routes registered, Fastify ready) but not listening.
 */
export async function bootApp(options: BootOptions = {}): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: options.imports ?? [],
    controllers: options.controllers ?? [],
    providers: options.providers ?? [],
  }).compile();
  const appOptions = options.logger === 'observability' ? { bufferLogs: true } : { logger: false as const };
  const app =
    options.platform === 'fastify'
      ? moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), appOptions)
      : moduleRef.createNestApplication(appOptions);
  if (options.logger === 'observability') app.useLogger(app.get(ObservabilityLogger));
  await app.init();
  if (options.platform === 'fastify') await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  return app;
}
