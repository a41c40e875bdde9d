import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Downstream } from '../helpers/tracing-downstream.js';
import { OtlpHttpReceiver } from '../helpers/tracing-otlp-receivers.js';
import { compile, workspaceVersion, npmInstall, packLibrary, startApp, writeTree } from '../helpers/packed-app.js';

/**
 * An app shaped like the Nest CLI starter: its tsconfig (CommonJS output, node10 resolution) and TypeScript 5,
 * `bootstrap()` wrapper, no top-level await.
 */
const STARTER = {
  'tsconfig.json': {
    compilerOptions: {
      module: 'commonjs',
      declaration: true,
      removeComments: true,
      emitDecoratorMetadata: true,
      experimentalDecorators: true,
      allowSyntheticDefaultImports: true,
      target: 'ES2023',
      sourceMap: true,
      outDir: './dist',
      rootDir: './src',
      baseUrl: './',
      incremental: true,
      skipLibCheck: true,
      strictNullChecks: true,
      forceConsistentCasingInFileNames: true,
      noImplicitAny: false,
      types: ['node'],
    },
  },
  'config/observability.yaml': `observability:
  logging:
    level: warn
  tracing:
    exporter: otlp-http
    endpoint: \${OTLP_URL}
    sample_rate: 1
    batch:
      scheduled_delay: 10ms
`,
  'src/app.controller.ts': `import { request } from 'node:http';
import { Controller, Get, Param } from '@nestjs/common';

@Controller('api')
export class AppController {
  @Get('quotes/:id')
  async quote(@Param('id') id: string): Promise<{ fetched: unknown; requested: string }> {
    const fetched: unknown = await (await fetch(process.env.DOWNSTREAM_URL + '/price/' + id)).json();
    const requested = await new Promise<string>((resolve, reject) => {
      const req = request(process.env.DOWNSTREAM_URL + '/stock/' + id, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
    return { fetched, requested };
  }
}
`,
  'src/app.module.ts': `import { Module } from '@nestjs/common';
import { loadObservabilityConfig, ObservabilityModule } from 'nestjs-observability';
import { AppController } from './app.controller';

@Module({
  imports: [ObservabilityModule.forRoot(loadObservabilityConfig('config/observability.yaml'))],
  controllers: [AppController],
})
export class AppModule {}
`,
  'src/create-app.ts': `import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';

export async function createApp() {
  return process.env.HTTP_ADAPTER === 'fastify'
    ? NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter())
    : NestFactory.create(AppModule);
}
`,
  // The README's CommonJS instructions: the preload imported on the first line of main.ts.
  'src/main.ts': `import 'nestjs-observability/register';
import { createApp } from './create-app';

async function bootstrap() {
  const app = await createApp();
  app.enableShutdownHooks();
  await app.listen(process.env.PORT ?? 3000, '127.0.0.1');
  console.log('listening on ' + (await app.getUrl()));
}
bootstrap();
`,
  // The starter's main.ts untouched: the preload comes from the command line.
  'src/server.ts': `import { createApp } from './create-app';

async function bootstrap() {
  const app = await createApp();
  app.enableShutdownHooks();
  await app.listen(process.env.PORT ?? 3000, '127.0.0.1');
  console.log('listening on ' + (await app.getUrl()));
}
bootstrap();
`,
};

const PRELOADS: Record<string, string[]> = {
  'first line of main.ts': ['dist/main.js'],
  '--require': ['--require', 'nestjs-observability/register', 'dist/server.js'],
  '--import': ['--import', 'nestjs-observability/register', 'dist/server.js'],
};

/**
 * A CommonJS Nest app (what `nest new` generates) installs the packed tarball and traces an outbound `fetch` and
 * `http.request` with each way of preloading, on express and on Fastify: spans reach a real OTLP/HTTP receiver.
 */
describe('the published package in a CommonJS app', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'obs-package-cjs-'));
  const app = join(scratch, 'app');
  const downstream = new Downstream();
  let receiver: OtlpHttpReceiver;

  beforeAll(async () => {
    const tarball = packLibrary(scratch);
    writeTree(app, {
      'package.json': {
        name: 'starter-app',
        private: true,
        dependencies: {
          'nestjs-observability': `file:../${tarball}`,
          '@nestjs/common': workspaceVersion('@nestjs/common'),
          '@nestjs/core': workspaceVersion('@nestjs/core'),
          '@nestjs/platform-express': workspaceVersion('@nestjs/platform-express'),
          '@nestjs/platform-fastify': workspaceVersion('@nestjs/platform-fastify'),
          'reflect-metadata': '^0.2.2',
          rxjs: '^7.8.0',
        },
        devDependencies: { '@types/node': workspaceVersion('@types/node'), typescript: '^5.9.0' },
      },
      ...STARTER,
    });
    npmInstall(app);
    compile(app);
    await downstream.start();
    receiver = await new OtlpHttpReceiver().start();
  });
  afterAll(async () => {
    await receiver?.stop();
    await downstream.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  for (const adapter of ['express', 'fastify']) {
    for (const [preload, args] of Object.entries(PRELOADS)) {
      it(`${adapter}, preloaded by ${preload}: the outbound calls are client spans under the request's server span`, async () => {
        const running = await startApp(
          app,
          args,
          { HTTP_ADAPTER: adapter, PORT: '0', OTLP_URL: receiver.url, DOWNSTREAM_URL: downstream.url },
          'listening on',
        );
        try {
          const url = /listening on (\S+)/.exec(running.stdout())![1]!;
          const id = `${adapter}-${Object.keys(PRELOADS).indexOf(preload)}`;
          const res = await fetch(`${url}/api/quotes/${id}`);
          expect(res.status).toBe(200);
          const spans = await receiver.waitForSpans(
            (all) => all.filter((s) => s.attributes['url.full']?.toString().endsWith(`/${id}`)).length === 2,
            15_000,
          );
          const server = spans.find(
            (s) =>
              s.name === 'GET /api/quotes/:id' &&
              s.kind === 'SPAN_KIND_SERVER' &&
              s.attributes['http.route'] === '/api/quotes/:id' &&
              spans.some((c) => c.parentSpanId === s.spanId && String(c.attributes['url.full']).endsWith(`/${id}`)),
          )!;
          expect(server).toBeDefined();
          const children = spans.filter((s) => s.parentSpanId === server.spanId);
          expect(children.map((s) => [s.scope, s.kind, s.attributes['url.full']]).sort()).toEqual([
            ['@opentelemetry/instrumentation-http', 'SPAN_KIND_CLIENT', `${downstream.url}/stock/${id}`],
            ['@opentelemetry/instrumentation-undici', 'SPAN_KIND_CLIENT', `${downstream.url}/price/${id}`],
          ]);
          for (const path of [`/price/${id}`, `/stock/${id}`]) {
            const received = downstream.received.find((r) => r.url === path);
            expect(received?.headers['traceparent']).toMatch(new RegExp(`^00-${server.traceId}-[0-9a-f]{16}-01$`));
          }
          expect(running.stderr()).not.toMatch(/ERR_REQUIRE|ExperimentalWarning|Error/);
        } finally {
          await running.stop();
        }
        // Nest re-raises SIGTERM once its shutdown hooks are done; a SIGKILL would mean shutdown hung.
        expect([running.child.exitCode, running.child.signalCode]).toEqual([null, 'SIGTERM']);
      });
    }
  }
});
