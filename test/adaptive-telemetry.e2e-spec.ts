import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Controller, Get, HttpCode, Injectable, Post, type INestApplication, type OnModuleDestroy } from '@nestjs/common';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { LoggingService, ObservabilityModule, ScalingAdvisor, type ObservabilityOptions } from 'nestjs-observability';
import { bootApp, type Platform } from './helpers/bootstrap.js';
import { eventually } from './helpers/eventually.js';
import { LogCapture } from './helpers/log-capture.js';

const TOKEN = 'adaptive-telemetry-token';
const STEPPED_DOWN = 'telemetry stepped down under load';
const STEPPED_UP = 'telemetry stepped back up';

/** Keeps the event loop busy about 48 ms in every 50 while it runs: a real CPU burn on the app's own loop. */
@Injectable()
class Burner implements OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  start(): void {
    this.timer ??= setInterval(() => {
      const until = performance.now() + 48;
      while (performance.now() < until);
    }, 50);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  onModuleDestroy(): void {
    this.stop();
  }
}

@Controller('burn')
class BurnController {
  constructor(
    private readonly burner: Burner,
    private readonly logging: LoggingService,
  ) {}

  @Post('start')
  @HttpCode(204)
  start(): void {
    this.burner.start();
  }

  @Post('stop')
  @HttpCode(204)
  stop(): void {
    this.burner.stop();
  }

  @Get('work')
  work(): { ok: true } {
    this.logging.debug('work done');
    return { ok: true };
  }
}

function config(adaptive: ObservabilityOptions['adaptive']): ObservabilityOptions {
  return {
    logging: { level: 'debug', request_log: false },
    metrics: { namespace: 'shop' },
    tracing: { exporter: 'memory', sample_rate: 1, target_traces_per_second: 0 },
    management: { token: TOKEN },
    adaptive,
  };
}

async function boot(platform: Platform, options: ObservabilityOptions, logs: LogCapture): Promise<INestApplication> {
  return bootApp({
    platform,
    imports: [ObservabilityModule.forRoot(options, { logDestination: logs })],
    controllers: [BurnController],
    providers: [Burner],
    logger: 'observability',
  });
}

/** `name value` lines of the exposition, as numbers. */
async function gauges(app: INestApplication, ...names: string[]): Promise<number[]> {
  const text = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
  return names.map((name) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    if (!line) throw new Error(`${name} not exposed`);
    return Number(line.slice(name.length + 1));
  });
}

describe.each<Platform>(['express', 'fastify'])('adaptive telemetry (%s)', (platform) => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('steps trace sampling and debug logs down under a CPU burn, and back up after it', async () => {
    const logs = new LogCapture();
    app = await boot(
      platform,
      config({
        interval: '100ms',
        max_event_loop_utilization: 0.7,
        recovery_ratio: 0.6,
        step_down_after: 2,
        step_up_after: 2,
        max_level: 2,
      }),
      logs,
    );
    const http = request(app.getHttpServer());
    await http.get('/burn/work').expect(200);
    await logs.waitFor((lines) => lines.some((l) => l['msg'] === 'work done'));
    // Booting keeps the loop busy too: start from full telemetry, and judge only the lines written after that.
    await eventually(async () => expect(await gauges(app!, 'shop_telemetry_level', 'shop_telemetry_trace_sample_rate')).toEqual([0, 1]), {
      timeoutMs: 20_000,
      intervalMs: 200,
    });
    const seen = logs.lines.length;

    await http.post('/burn/start').expect(204);
    const down = await eventually(() => logs.lines.slice(seen).find((l) => l['msg'] === STEPPED_DOWN) ?? false, { timeoutMs: 20_000 });
    // Booting and scraping load the loop too, so the burn's first step may not be the first step: whichever it is,
    // the line says what it did, consistently.
    const level = down['telemetry_level'] as number;
    expect(level).toBeGreaterThanOrEqual(1);
    expect(down).toMatchObject({
      level: 'warn',
      context: 'AdaptiveTelemetry',
      previous_telemetry_level: level - 1,
      trace_sample_factor: 0.5 ** level,
      trace_sample_rate: 0.5 ** level,
      log_level: 'info',
    });
    expect(down['reason']).toMatch(/^event_loop_utilization (0\.\d+|1) > 0\.7$/);
    const readings = down['readings'] as Record<string, number>;
    expect(readings['event_loop_utilization']).toBeGreaterThan(0.7);
    // Level and sample rate agree in the exposition, whatever step the governor has reached by now.
    const [now, rate] = await gauges(app, 'shop_telemetry_level', 'shop_telemetry_trace_sample_rate');
    expect(now).toBeGreaterThanOrEqual(1);
    expect(rate).toBe(0.5 ** now!);

    await http.post('/burn/stop').expect(204);
    const up = await eventually(() => logs.lines.slice(seen).find((l) => l['msg'] === STEPPED_UP && l['telemetry_level'] === 0) ?? false, {
      timeoutMs: 20_000,
    });
    expect(up).toMatchObject({
      level: 'info',
      previous_telemetry_level: 1,
      trace_sample_factor: 1,
      trace_sample_rate: 1,
      log_level: 'debug',
    });
    expect(up['reason']).toMatch(/^event_loop_utilization (0|0\.\d+) < 0\.42$/);
    expect(await gauges(app, 'shop_telemetry_level', 'shop_telemetry_trace_sample_rate')).toEqual([0, 1]);
    const text = (await http.get('/metrics').expect(200)).text;
    expect(text).toMatch(/^shop_telemetry_level_changes_total\{direction="down"\} [1-9]\d*$/m);
    expect(text).toMatch(/^shop_telemetry_level_changes_total\{direction="up"\} [1-9]\d*$/m);
    // Debug lines are written again.
    const before = logs.withMsg('work done').length;
    await http.get('/burn/work').expect(200);
    await logs.waitFor((lines) => lines.filter((l) => l['msg'] === 'work done').length > before);
  });

  it("steps down when the suite's own measured per-request work exceeds its budget", async () => {
    const logs = new LogCapture();
    app = await boot(
      platform,
      config({
        interval: '100ms',
        max_event_loop_utilization: 1,
        max_overhead_share: 0.0001,
        overhead_sample_every: 1,
        step_down_after: 1,
      }),
      logs,
    );
    const http = request(app.getHttpServer());
    const down = await eventually(
      async () => {
        for (let i = 0; i < 20; i++) await http.get('/burn/work').expect(200);
        return logs.withMsg(STEPPED_DOWN)[0] ?? false;
      },
      { timeoutMs: 20_000 },
    );
    expect(down['reason']).toMatch(/^overhead_share \d+(\.\d+)? > 0\.0001$/);
    const readings = down['readings'] as Record<string, number>;
    expect(readings['overhead_seconds']).toBeGreaterThan(0);
    expect(readings['requests_per_second']).toBeGreaterThan(0);
    const [overhead] = await gauges(app, 'shop_telemetry_overhead_seconds');
    expect(overhead).toBeGreaterThan(0);
  });

  it('serves scaling advice with its inputs to holders of the management token', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const logs = new LogCapture();
    app = await bootApp({
      platform,
      imports: [
        ObservabilityModule.forRoot(
          config({ interval: '20ms', scaling: { resolution: '1s', window: '1m', min_points: 3, instances: 2 } }),
          // Every governor tick is a second later on this clock: one history point per tick.
          { logDestination: logs, adaptiveClock: () => (now += 1_000) },
        ),
      ],
      controllers: [BurnController],
      providers: [Burner],
    });
    const http = request(app.getHttpServer());
    await http.get('/scaling').expect(401);
    await http.get('/scaling').set('Authorization', 'Bearer wrong-token-of-some-length').expect(401);
    const body = await eventually(
      async () => {
        const res = await http.get('/scaling').set('Authorization', `Bearer ${TOKEN}`).expect(200);
        return (res.body as { status: string }).status === 'ok' && (res.body as Record<string, unknown>);
      },
      { timeoutMs: 20_000 },
    );
    const inputs = body['inputs'] as Record<string, unknown>;
    expect(inputs).toMatchObject({ resolution: '1s', horizon: '1h', instances: 2, maxUtilization: 0.8, targetUtilization: 0.6 });
    const points = inputs['points'] as Record<string, unknown>[];
    expect(points.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(points[0]!).sort()).toEqual(['at', 'cpu', 'eventLoopUtilization', 'heapUsedBytes', 'requestsPerSecond', 'rssBytes']);
    expect(points[0]!['rssBytes']).toBeGreaterThan(0);
    const recommendation = body['recommendation'] as Record<string, unknown>;
    expect(recommendation['currentInstances']).toBe(2);
    expect(recommendation['text']).toMatch(
      /^(At the current trend, event-loop|Event-loop) utilisation .*; \d+ instances? keeps? it under 60% for the next 60 min/,
    );
    const elu = (body['forecasts'] as Record<string, Record<string, unknown>>)['eventLoopUtilization']!;
    expect(elu).toMatchObject({ method: 'holt', horizonMinutes: 60 });
    expect(typeof elu['rmse']).toBe('number');
    // The same advice, injected.
    expect(app.get(ScalingAdvisor).advice().inputs.instances).toBe(2);
  });
});
