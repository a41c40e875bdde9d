import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const lib = join(root, 'libs/observability');
const nest = JSON.parse(
  execFileSync('npm', ['pkg', 'get', 'version'], { cwd: join(root, 'node_modules/@nestjs/core'), encoding: 'utf8' }),
) as string;

/**
 * What users install is what we test: the packed tarball, in an app outside the workspace, with no path aliases
 * and no access to the monorepo's sources.
 */
describe('the published package', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'obs-package-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('installs from npm pack, type-checks, boots with ObservabilityModule.forRoot and logs a correlated line', async () => {
    execFileSync('npx', ['tsc', '-b', 'tsconfig.lib.json'], { cwd: lib, stdio: 'inherit' });
    execFileSync('npm', ['pack', '--pack-destination', scratch], { cwd: lib, stdio: 'ignore' });
    const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz'));
    expect(tarball).toMatch(/^nestjs-observability-\d+\.\d+\.\d+\.tgz$/);

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
});

async function waitFor(predicate: () => boolean, timeoutMs: number, message: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(message());
    await new Promise((r) => setTimeout(r, 50));
  }
}
