import { Controller, Get, Param, type INestApplication, type LoggerService, type ModuleMetadata } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { MetricsModule, ProfilingModule, type ObservabilityOptions, type PprofImporter } from 'nestjs-observability';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import type { Response } from 'superagent';
import type request from 'supertest';

export type AdapterKind = 'express' | 'fastify';
export const TOKEN = 'test-management-token-0123456789';
export const AUTH = { Authorization: `Bearer ${TOKEN}` };

/** Burns CPU for about `ms` milliseconds: the function a profile must find. */
export function spinHotLoop(ms: number): number {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) for (let i = 0; i < 1_000; i++) x += Math.sqrt(i + x);
  return x;
}

@Controller('hot')
export class HotController {
  @Get(':n')
  hot(@Param('n') n: string): { n: string; x: number } {
    return { n, x: spinHotLoop(5) };
  }
}

@Controller('cold')
export class ColdController {
  @Get()
  cold(): { ok: true } {
    return { ok: true };
  }
}

/** Every line the app logged through Nest's Logger, with its level. */
export class CapturedLogger implements LoggerService {
  readonly lines: { level: string; message: unknown }[] = [];
  log(message: unknown): void {
    this.lines.push({ level: 'log', message });
  }
  warn(message: unknown): void {
    this.lines.push({ level: 'warn', message });
  }
  error(message: unknown): void {
    this.lines.push({ level: 'error', message });
  }
  debug(): void {}
  verbose(): void {}
  texts(level: string): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => (typeof l.message === 'string' ? l.message : JSON.stringify(l.message)));
  }
}

export interface ProfilingAppOptions {
  adapter?: AdapterKind;
  profiling?: ObservabilityOptions['profiling'];
  importPprof?: PprofImporter;
  metrics?: boolean;
  imports?: ModuleMetadata['imports'];
  logger?: CapturedLogger;
}

/** A real Nest app with ProfilingModule (and MetricsModule when asked), initialised (not listening). */
export async function bootProfilingApp(options: ProfilingAppOptions = {}): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ProfilingModule.forRoot({
        profiling: { enabled: true, endpoints: true, ...options.profiling },
        management: { token: TOKEN },
        ...(options.importPprof ? { importPprof: options.importPprof } : {}),
      }),
      ...(options.metrics ? [MetricsModule.forRoot({ metrics: { namespace: 'test' } })] : []),
      ...(options.imports ?? []),
    ],
    controllers: [HotController, ColdController],
  }).compile();
  const logger = options.logger ?? false;
  const app =
    options.adapter === 'fastify'
      ? moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger })
      : moduleRef.createNestApplication({ logger });
  await app.init();
  if (options.adapter === 'fastify') await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  return app;
}

/** Decodes a gzipped pprof body with the official pprof definitions. */
export function decodeProfile(body: Buffer): Profile {
  return Profile.decode(gunzipSync(body));
}

/** supertest's parser for binary bodies. */
export function binary(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

/** Sample labels and leaf functions of a decoded profile. */
export function samplesOf(profile: Profile): { leaf: string; labels: Record<string, string>; values: number[] }[] {
  const s = (i: number | bigint) => profile.stringTable.strings[Number(i)] ?? '';
  const fnName = new Map(profile.function.map((f) => [String(f.id), s(f.name)]));
  const leafOf = new Map(profile.location.map((l) => [String(l.id), fnName.get(String(l.line[0]?.functionId)) ?? '']));
  return profile.sample.map((sample) => ({
    leaf: leafOf.get(String(sample.locationId[0])) ?? '',
    labels: Object.fromEntries(sample.label.map((l) => [s(l.key), s(l.str)])),
    values: sample.value.map(Number),
  }));
}

/**
 * Asks `http` for a CPU profile of `seconds` (with the management token's `auth` header) and, once `started`
 * resolves, runs `load` request after request until the profile arrives; resolves with the profile's response.
 */
export async function captureWhileLoading(
  http: ReturnType<typeof request>,
  options: {
    seconds: number;
    load: () => Promise<unknown>;
    started?: () => Promise<unknown>;
    auth?: Record<string, string>;
  },
): Promise<Response> {
  let capturing = true;
  const capture = http
    .get(`/debug/pprof/profile?seconds=${options.seconds}`)
    .set(options.auth ?? AUTH)
    .buffer(true)
    .parse(binary)
    .then((r) => ((capturing = false), r));
  await options.started?.();
  while (capturing) await options.load();
  return capture;
}
