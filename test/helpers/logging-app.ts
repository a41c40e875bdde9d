import {
  Controller,
  Get,
  Headers,
  Injectable,
  Logger,
  Module,
  Post,
  Query,
  type DynamicModule,
  type INestApplication,
} from '@nestjs/common';
import { LoggingService } from 'nestjs-observability';
import { bootApp } from './bootstrap.js';
import { LogCapture } from './log-capture.js';

/** A service the handler calls: its log lines must carry the request's context, also after an await. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  async record(action: string): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.logger.log({ action, msg: 'audited' });
  }
}

@Controller('probe')
export class ProbeController {
  private readonly logger = new Logger(ProbeController.name);

  constructor(
    private readonly audit: AuditService,
    private readonly logging: LoggingService,
  ) {}

  @Get('context/:id')
  async context(): Promise<{ ok: true }> {
    await this.audit.record('read');
    return { ok: true };
  }

  @Post('secrets')
  secrets(): { ok: true } {
    this.logger.log({
      msg: 'nested secrets',
      user: { name: 'ada', password: 'hunter2', profile: { apiKey: 'ak-123', Token: 'tk-456' } },
      headers: { Authorization: 'Bearer abc.def', cookie: 'sid=1', 'Set-Cookie': ['a=b'], accept: 'json' },
      list: [{ secret: 's3' }, { client_secret: 'cs' }],
      url: 'https://api.example.com/v1/chat?token=t0k3n&model=gpt&api_key=zzz',
      database: 'postgres://app:pg-pass-1@db:5432/app',
    });
    const httpError = Object.assign(new Error('Request failed with status code 401'), {
      config: { url: '/v1/chat', headers: { Authorization: 'Bearer sk-live-999', 'X-Api-Key': 'xk' } },
      response: { status: 401, data: { error: 'invalid key' } },
    });
    this.logging.error({ err: httpError }, 'provider call failed');
    this.logger.error(new Error('plain failure', { cause: Object.assign(new Error('inner'), { password: 'pw-in-cause' }) }));
    return { ok: true };
  }

  @Get('inject')
  inject(@Query('m') message: string): { ok: true } {
    this.logger.warn(message);
    this.logger.log({ msg: 'field injection', note: message });
    return { ok: true };
  }

  /** Logs through the injected, per-app LoggingService (Nest's static Logger is one per process, by Nest's design). */
  @Get('service-log')
  serviceLog(): { ok: true } {
    this.logging.info({ via: 'LoggingService' }, 'per-app line');
    return { ok: true };
  }

  @Get('echo-ua')
  echo(@Headers('user-agent') ua: string): { length: number } {
    return { length: ua.length };
  }
}

@Module({ providers: [AuditService], controllers: [ProbeController] })
export class ProbeModule {}

/** Boots a real Nest app with the given observability modules and the probe controller; logs go to memory. */
export async function bootLoggingApp(
  imports: (logs: LogCapture) => DynamicModule[],
  options: { fastify?: boolean } = {},
): Promise<{ app: INestApplication; logs: LogCapture }> {
  const logs = new LogCapture();
  const app = await bootApp({
    platform: options.fastify ? 'fastify' : 'express',
    imports: [...imports(logs), ProbeModule],
    logger: 'observability',
  });
  return { app, logs };
}
