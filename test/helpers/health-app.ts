import type { DynamicModule, INestApplication, ModuleMetadata, Provider } from '@nestjs/common';
import type { NestApplicationContext } from '@nestjs/core';
import { eventually } from './eventually.js';
import { HealthModule, HealthService, type HealthConfig, type ObservabilityOptions } from 'nestjs-observability';

import { bootApp, type Platform } from './bootstrap.js';

export type AdapterKind = Platform;

/** A management token the tests present (at least 16 characters, as the schema wants). */
export const TOKEN = 'test-management-token-0123456789';
export const AUTH = { Authorization: `Bearer ${TOKEN}` };

export interface HealthAppOptions {
  adapter?: AdapterKind;
  /** The `observability.health` section; built-ins that depend on the machine are off unless turned on. */
  health?: ObservabilityOptions['health'];
  token?: string | null;
  /** Providers of the app module (custom checks decorated with @RegisterHealthCheck). */
  providers?: Provider[];
  imports?: ModuleMetadata['imports'];
  controllers?: ModuleMetadata['controllers'];
  /** Register HealthModule with forRootAsync (a factory) instead of forRoot. */
  async?: boolean;
}

/** Every built-in off: each test turns on what it is about, so results do not depend on the machine. */
export const NO_BUILTINS = {
  memory: { enabled: false },
  disk: { enabled: false },
  event_loop: { enabled: false },
  llm: { enabled: false },
};

export function healthModule(options: HealthAppOptions): DynamicModule {
  const health = {
    interval: '1m',
    timeout: '2s',
    ...options.health,
    checks: { ...NO_BUILTINS, ...options.health?.checks },
  } as ObservabilityOptions['health'];
  const management = options.token === null ? {} : { token: options.token ?? TOKEN };
  if (options.async) return HealthModule.forRootAsync({ useFactory: async () => ({ health, management }) });
  return HealthModule.forRoot({ health, management });
}

/** A real Nest app (Express or Fastify) with HealthModule and the given providers, initialised (not listening). */
export async function bootHealthApp(options: HealthAppOptions = {}): Promise<INestApplication> {
  return bootApp({
    platform: options.adapter,
    imports: [healthModule(options), ...(options.imports ?? [])],
    providers: options.providers,
    controllers: options.controllers,
  });
}

/**
 * What Nest's shutdown hooks do on SIGTERM (`enableShutdownHooks()` calls the same `close(signal)`), without
 * sending a real signal to the test process.
 */
export function closeOnSignal(app: INestApplication, signal = 'SIGTERM'): Promise<void> {
  return (app as unknown as NestApplicationContext).close(signal);
}

/** Listens on a free loopback port; returns the base URL. */
export async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (!address || typeof address !== 'object') throw new Error('app is not listening');
  return `http://127.0.0.1:${address.port}`;
}

/** Waits until the first refresh after bootstrap has finished (readiness leaves "starting"). */
export async function waitForRunning(app: INestApplication, timeoutMs = 5_000): Promise<void> {
  const health = app.get(HealthService);
  await eventually(() => health.phase !== 'starting', { timeoutMs, describe: () => 'health never left the starting phase' });
}

export type { HealthConfig };
