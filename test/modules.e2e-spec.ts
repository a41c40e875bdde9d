import {
  Controller,
  Get,
  Injectable,
  Module,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
  type INestApplication,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  ContextModule,
  LoggingModule,
  LoggingService,
  OBSERVABILITY_CONFIG,
  ObservabilityConfigError,
  ObservabilityModule,
  RequestContextService,
  type LoggingModuleOptions,
  type ObservabilityConfig,
} from 'nestjs-observability';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createAssistantApp } from '../apps/assistant/src/bootstrap.js';
import { bootApp } from './helpers/bootstrap.js';
import { LogCapture } from './helpers/log-capture.js';

@Injectable()
class SettingsService {
  calls = 0;
  level(): 'debug' {
    this.calls++;
    return 'debug';
  }
}

@Module({ providers: [SettingsService], exports: [SettingsService] })
class SettingsModule {}

class AuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<{ user?: object }>();
    req.user = { id: 'user-77', role: 'admin' };
    return true;
  }
}

@Controller('who')
class WhoController {
  constructor(private readonly contexts: RequestContextService) {}

  @Get()
  @UseGuards(AuthGuard)
  who(): object {
    return this.contexts.fields();
  }
}

describe('module wiring', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('ObservabilityModule.forRootAsync runs the factory once, with injected providers, and validates its result', async () => {
    const logs = new LogCapture();
    app = await bootApp({
      imports: [
        ObservabilityModule.forRootAsync({
          imports: [SettingsModule],
          inject: [SettingsService],
          useFactory: (settings: SettingsService) => ({ logging: { level: settings.level() }, metrics: { namespace: 'async_app' } }),
          logDestination: logs,
        }),
      ],
    });
    expect(app.get(SettingsService).calls).toBe(1);
    expect(app.get<ObservabilityConfig>(OBSERVABILITY_CONFIG).metrics.namespace).toBe('async_app');
    expect(app.get(LoggingService).level).toBe('debug');
  });

  it('fails startup with the field path when the async factory returns a bad value', async () => {
    const compiling = Test.createTestingModule({
      imports: [ObservabilityModule.forRootAsync({ useFactory: () => ({ logging: { level: 'chatty' as never } }) })],
    }).compile();
    await expect(compiling).rejects.toThrow(ObservabilityConfigError);
    await expect(
      Test.createTestingModule({
        imports: [ObservabilityModule.forRootAsync({ useFactory: async () => ({ health: { timeout: '5 sec' as never } }) })],
      }).compile(),
    ).rejects.toThrow('observability.health.timeout: got "5 sec"; expected a duration');
  });

  it('ObservabilityModule.forRoot throws at definition time on a bad field', () => {
    expect(() => ObservabilityModule.forRoot({ metrics: { port: 0 } })).toThrow(
      'observability.metrics.port: got 0; expected an integer from 1 to 65535',
    );
  });

  it('LoggingModule.forRootAsync works with useClass and useExisting', async () => {
    const logs = new LogCapture();
    @Injectable()
    class LoggingOptionsFactory {
      create(): LoggingModuleOptions {
        return { logging: { level: 'warn' }, destination: logs };
      }
    }
    @Module({ providers: [LoggingOptionsFactory], exports: [LoggingOptionsFactory] })
    class FactoryModule {}

    for (const asyncOptions of [{ useClass: LoggingOptionsFactory }, { imports: [FactoryModule], useExisting: LoggingOptionsFactory }]) {
      const nest = await bootApp({ imports: [LoggingModule.forRootAsync(asyncOptions)] });
      expect(nest.get(LoggingService).level).toBe('warn');
      nest.get(LoggingService).warn('from async options');
      await nest.close();
    }
    expect(logs.withMsg('from async options')).toHaveLength(2);
  });

  it('takes user_id from req.user (set by a guard) or from a configured header', async () => {
    for (const [context, headers, expected] of [
      [{ user_id_source: 'user' }, {}, 'user-77'],
      [{ user_id_source: 'header', user_id_header: 'x-end-user' }, { 'x-end-user': 'u 42/evil' }, 'u_42_evil'],
      [{ user_id_source: 'none' }, { 'x-user-id': 'ignored' }, undefined],
    ] as const) {
      app = await bootApp({
        imports: [ContextModule.forRoot(context), LoggingModule.forRoot({ destination: new LogCapture(), withContext: false })],
        controllers: [WhoController],
      });
      const res = await request(app.getHttpServer()).get('/who').set('X-Request-Id', 'who-1').set(headers).expect(200);
      expect(res.body).toEqual(expected === undefined ? { request_id: 'who-1' } : { request_id: 'who-1', user_id: expected });
      await app.close();
      app = undefined;
    }
  });

  it('the demo refuses to start on a bad configuration file, naming the field', async () => {
    await expect(createAssistantApp({ env: { OBSERVABILITY_CONFIG: 'test/fixtures/bad-observability.yaml' } })).rejects.toThrow(
      /observability\.logging\.loki\.batch_size: got 0; expected an integer from 1 to 100000/,
    );
  });
});
