import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, packLibrary, repoRoot as root, startApp, waitFor, workspaceVersion } from '../helpers/packed-app.js';
import { Downstream } from '../helpers/tracing-downstream.js';
import { OtlpHttpReceiver } from '../helpers/tracing-otlp-receivers.js';

const nest = workspaceVersion('@nestjs/core');

/**
 * What users install is what we test: the packed tarball, in an app outside the workspace, with no path aliases
 * and no access to the monorepo's sources.
 */
describe('the published package', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'obs-package-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('installs from npm pack, type-checks, boots with ObservabilityModule.forRoot and logs a correlated line', async () => {
    const tarball = packLibrary(scratch);
    expect(tarball).toMatch(/^nestjs-observability-\d+\.\d+\.\d+\.tgz$/);
    // The package stands on its own on the registry page and in node_modules.
    const listing = execFileSync('tar', ['-tzf', join(scratch, tarball)], { encoding: 'utf8' }).split('\n');
    expect(listing).toEqual(expect.arrayContaining(['package/README.md', 'package/LICENSE', 'package/package.json']));

    const app = join(scratch, 'app');
    mkdirSync(join(app, 'src'), { recursive: true });
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'scratch-app',
        private: true,
        type: 'module',
        dependencies: {
          'nestjs-observability': `file:../${tarball}`,
          '@nestjs/common': nest,
          '@nestjs/core': nest,
          '@nestjs/platform-express': nest,
          'reflect-metadata': '^0.2.2',
          rxjs: '^7.8.0',
        },
      }),
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2023',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          skipLibCheck: false,
          types: [],
          outDir: 'dist',
          rootDir: 'src',
        },
      }),
    );
    writeFileSync(
      join(app, 'src/main.ts'),
      `import 'reflect-metadata';
import { Controller, Get, Injectable, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ObservabilityLogger, ObservabilityModule, type ObservabilityOptions } from 'nestjs-observability';

@Injectable()
class GreetingService {
  private readonly logger = new Logger(GreetingService.name);
  greet(name: string): string {
    this.logger.log({ name, msg: 'greeting' });
    return 'hello ' + name;
  }
}

@Controller('greet')
class GreetingController {
  constructor(private readonly greetings: GreetingService) {}
  @Get(':name')
  greet(): string {
    return this.greetings.greet('ada');
  }
}

const options: ObservabilityOptions = { logging: { level: 'info' }, metrics: { enabled: false }, tracing: { enabled: false } };

@Module({ imports: [ObservabilityModule.forRoot(options)], controllers: [GreetingController], providers: [GreetingService] })
class AppModule {}

const app = await NestFactory.create(AppModule, { bufferLogs: true });
app.useLogger(app.get(ObservabilityLogger));
app.enableShutdownHooks();
await app.listen(Number(process.env['PORT']), '127.0.0.1');
process.stdout.write('listening\\n');
`,
    );
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: app, stdio: 'inherit' });
    // Type-check and compile against the installed package's declarations (its `exports` -> types), nothing else.
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: app, stdio: 'inherit' });
    // The package's command: alert rules exported for Prometheus.
    writeFileSync(join(app, 'alert_rules.yaml'), 'rules:\n  - { name: Down, condition: up, threshold: 1, operator: "<" }\n');
    expect(execFileSync('npx', ['nestjs-observability', 'export-rules', 'alert_rules.yaml'], { cwd: app, encoding: 'utf8' })).toContain(
      'expr: (up) < 1',
    );

    // The Prometheus-side generators have their own entry point, and the main one no longer carries them.
    const entryPoints =
      "import('nestjs-observability/prometheus').then((p) => import('nestjs-observability').then((m) => process.stdout.write(typeof p.grafanaDashboard + ' ' + typeof m.grafanaDashboard)))";
    expect(
      execFileSync(process.execPath, ['--input-type=module', '-e', entryPoints], {
        cwd: app,
        encoding: 'utf8',
      }),
    ).toBe('function undefined');

    const port = 39_000 + Math.floor(Math.random() * 500);
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: app,
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      await waitFor(
        () => out.includes('listening'),
        20_000,
        () => `app did not start:\n${out}\n${err}`,
      );
      const res = await fetch(`http://127.0.0.1:${port}/greet/ada`, { headers: { 'X-Request-Id': 'packaged-1' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toBe('packaged-1');
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      const lines = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.find((l) => l['msg'] === 'greeting')).toMatchObject({
        level: 'info',
        context: 'GreetingService',
        name: 'ada',
        request_id: 'packaged-1',
      });
      expect(lines.find((l) => l['msg'] === 'request completed')).toMatchObject({
        request_id: 'packaged-1',
        req: { method: 'GET', url: '/greet/ada', route: '/greet/:name' },
        res: { status_code: 200 },
      });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('its declarations type-check under @types/node 22 (engines) with skipLibCheck false', () => {
    const app = join(scratch, 'app');
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', '@types/node@22'], {
      cwd: app,
      stdio: 'inherit',
    });
    writeFileSync(
      join(app, 'tsconfig.node22.json'),
      JSON.stringify({
        extends: './tsconfig.json',
        compilerOptions: { types: ['node'], skipLibCheck: false, noEmit: true },
        files: ['src/types-node22.ts'],
      }),
    );
    writeFileSync(
      join(app, 'src/types-node22.ts'),
      `import 'nestjs-observability/register';
import type { EventLoopDelayIndicator, TracingService } from 'nestjs-observability';
export type Checked = [EventLoopDelayIndicator, TracingService];
`,
    );
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.node22.json'], { cwd: app, stdio: 'inherit' });
  });

  it('ESM, preloaded with --import: an outbound fetch is traced and exported over OTLP to OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    const app = join(scratch, 'app');
    writeFileSync(
      join(app, 'src/traced.ts'),
      `import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ObservabilityModule } from 'nestjs-observability';

@Controller('quotes')
class QuoteController {
  @Get(':id')
  async quote(): Promise<unknown> {
    return (await fetch(process.env['DOWNSTREAM_URL'] + '/price')).json();
  }
}

@Module({
  imports: [ObservabilityModule.forRoot({ tracing: { service_name: 'esm-app', sample_rate: 1, batch: { scheduled_delay: '10ms' } } })],
  controllers: [QuoteController],
})
class AppModule {}

const app = await NestFactory.create(AppModule);
app.enableShutdownHooks();
await app.listen(0, '127.0.0.1');
process.stdout.write('listening on ' + (await app.getUrl()) + '\\n');
`,
    );
    compile(app);
    const downstream = await new Downstream().start();
    const receiver = await new OtlpHttpReceiver().start();
    const running = await startApp(
      app,
      ['--import', 'nestjs-observability/register', 'dist/traced.js'],
      { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, DOWNSTREAM_URL: downstream.url },
      'listening on',
    );
    try {
      const url = /listening on (\S+)/.exec(running.stdout())![1]!;
      expect((await fetch(`${url}/quotes/7`)).status).toBe(200);
      const spans = await receiver.waitForSpans((all) => all.some((s) => s.scope === '@opentelemetry/instrumentation-undici'), 15_000);
      const server = spans.find((s) => s.name === 'GET /quotes/:id')!;
      expect(server.resource['service.name']).toBe('esm-app');
      expect(spans.find((s) => s.scope === '@opentelemetry/instrumentation-undici')).toMatchObject({
        kind: 'SPAN_KIND_CLIENT',
        traceId: server.traceId,
        parentSpanId: server.spanId,
        attributes: { 'url.full': `${downstream.url}/price` },
      });
      expect(running.stdout()).toContain(`Tracing: spans exported over OTLP/HTTP to ${receiver.url}/v1/traces`);
    } finally {
      await running.stop();
      await receiver.stop();
      await downstream.stop();
    }
  });
});
