import 'reflect-metadata';
import {
  Controller,
  Get,
  HttpCode,
  Injectable,
  InternalServerErrorException,
  Logger,
  NotFoundException,
  Param,
  Post,
  SetMetadata,
  type INestApplication,
  type ModuleMetadata,
} from '@nestjs/common';
import { map, timer, type Observable } from 'rxjs';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { context as otelContext, ROOT_CONTEXT } from '@opentelemetry/api';
import {
  LoggingModule,
  RequestContextService,
  Traced,
  TracingModule,
  TracingService,
  type TracingModuleOptions,
} from 'nestjs-observability';
import { bootApp } from './bootstrap.js';
import { eventually } from './eventually.js';
import { LogCapture } from './log-capture.js';

export const DOWNSTREAM_URL = Symbol('DOWNSTREAM_URL');
export const ROLE = 'test:role';

/** The service under the controller: sync and async @Traced methods, one that fails, one that calls downstream. */
@Injectable()
export class OrderService {
  private readonly logger = new Logger(OrderService.name);
  downstream?: string;

  @Traced('orders.load', { attributes: (id: string) => ({ 'order.id': id }) })
  async load(id: string): Promise<{ id: string; total: number }> {
    await new Promise((r) => setTimeout(r, 1));
    this.logger.log({ order_id: id, msg: 'order loaded' });
    return { id, total: this.price(id) };
  }

  @Traced()
  price(id: string): number {
    return id.length * 10;
  }

  @Traced('orders.fail')
  async fail(): Promise<never> {
    await Promise.resolve();
    throw new TypeError('inventory unavailable');
  }

  @Traced('orders.sync_fail')
  syncFail(): never {
    throw new RangeError('bad quantity');
  }

  @Traced('orders.call_downstream')
  async callDownstream(path: string): Promise<unknown> {
    const res = await fetch(`${this.downstream}${path}`);
    return res.json();
  }

  /** An Observable, as `@nestjs/axios` returns: its work happens when subscribed, 40 ms later. */
  @Traced('orders.quote')
  quote(id: string): Observable<{ id: string; price: number }> {
    return timer(40).pipe(map(() => ({ id, price: this.price(id) })));
  }

  async sleep(ms: number): Promise<void> {
    await new Promise((r) => setTimeout(r, ms));
  }
}

@Controller('api/orders')
export class OrderController {
  constructor(
    private readonly orders: OrderService,
    private readonly tracing: TracingService,
    private readonly contexts: RequestContextService,
  ) {}

  /** Where the request context lives: in the request's OpenTelemetry context, so leaving that context leaves it. */
  @Get(':id/context')
  async whereIsContext(): Promise<{ inside: string | null; afterAwait: string | null; outsideOtelContext: string | null }> {
    const inside = this.contexts.current()?.requestId ?? null;
    await new Promise((r) => setTimeout(r, 1));
    const afterAwait = this.contexts.current()?.requestId ?? null;
    const outsideOtelContext = otelContext.with(ROOT_CONTEXT, () => this.contexts.current()?.requestId ?? null);
    return { inside, afterAwait, outsideOtelContext };
  }

  /** Decides mid-request that this trace matters (e.g. a refund above a threshold). */
  @Post(':id/escalate')
  @HttpCode(200)
  async escalate(@Param('id') id: string): Promise<{ escalated: string }> {
    this.tracing.keepCurrentTrace();
    await this.orders.load(id);
    return { escalated: id };
  }

  @Get(':id')
  @Traced('controller.get_order')
  @SetMetadata(ROLE, 'reader')
  get(@Param('id') id: string): Promise<{ id: string; total: number }> {
    return this.orders.load(id);
  }

  @Post(':id/pay')
  @HttpCode(202)
  async pay(@Param('id') id: string): Promise<{ paid: string }> {
    await this.orders.load(id);
    return { paid: id };
  }

  @Get(':id/fail')
  async fail(): Promise<never> {
    return this.orders.fail();
  }

  @Get(':id/boom')
  boom(): never {
    throw new InternalServerErrorException('boom');
  }

  /** A bug in the controller itself (no @Traced span to catch it), quoting a connection string. */
  @Get(':id/crash')
  crash(): never {
    throw new TypeError('cannot reach postgres://app:hunter2@db:5432/orders');
  }

  /** An error shaped like the `http-errors` package's: Nest answers with its status (429) and logs it. */
  @Get(':id/throttled')
  throttled(): never {
    throw Object.assign(new Error('quota exceeded'), { expose: true, statusCode: 429, status: 429 });
  }

  @Get(':id/missing')
  missing(): never {
    throw new NotFoundException('no such order');
  }

  @Get(':id/sync-fail')
  syncFail(): never {
    return this.orders.syncFail();
  }

  @Get(':id/slow')
  async slow(): Promise<{ slow: true }> {
    await this.orders.sleep(60);
    return { slow: true };
  }

  @Get(':id/quote')
  quote(@Param('id') id: string): Observable<{ id: string; price: number }> {
    return this.orders.quote(id);
  }

  @Get(':id/downstream')
  async downstream(@Param('id') id: string): Promise<unknown> {
    await this.orders.load(id);
    return this.orders.callDownstream(`/inventory/${id}`);
  }
}

export interface TracingApp {
  app: INestApplication;
  logs: LogCapture;
  exporter: InMemorySpanExporter;
  orders: OrderService;
  /** Finished spans, after the export queue has been flushed. */
  spans(): Promise<ReadableSpan[]>;
}

export interface BootTracingOptions {
  tracing?: TracingModuleOptions['tracing'];
  fastify?: boolean;
  imports?: ModuleMetadata['imports'];
  controllers?: ModuleMetadata['controllers'];
  providers?: ModuleMetadata['providers'];
  /** Where spans go; with a preload, pass the preload's exporter (the module's is then ignored). */
  exporter?: InMemorySpanExporter;
}

/** A real Nest app (express or Fastify) with logging and tracing, spans exported to an InMemorySpanExporter. */
export async function bootTracingApp(options: BootTracingOptions = {}): Promise<TracingApp> {
  const logs = new LogCapture();
  const exporter = options.exporter ?? new InMemorySpanExporter();
  const app = await bootApp({
    platform: options.fastify ? 'fastify' : 'express',
    logger: 'observability',
    imports: [
      LoggingModule.forRoot({ logging: { level: 'info' }, destination: logs }),
      // A configured exporter (OTLP to a test collector) replaces the in-memory one.
      TracingModule.forRoot({
        tracing: { sample_rate: 1, batch: { scheduled_delay: 5 }, ...options.tracing },
        exporter: options.tracing?.exporter ? undefined : exporter,
      }),
      ...(options.imports ?? []),
    ],
    controllers: [OrderController, ...(options.controllers ?? [])],
    providers: [OrderService, ...(options.providers ?? [])],
  });
  const { TracingService } = await import('nestjs-observability');
  const tracing = app.get(TracingService);
  return {
    app,
    logs,
    exporter,
    orders: app.get(OrderService),
    async spans() {
      await tracing.flush(2_000);
      return exporter.getFinishedSpans();
    },
  };
}

/** Spans of one trace, by name. */
export function byName(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = spans.find((s) => s.name === name);
  if (!found) throw new Error(`no span named ${JSON.stringify(name)}; have ${spans.map((s) => s.name).join(', ')}`);
  return found;
}

/** Waits until `predicate` holds over the exported spans (server spans end when the response closes). */
export async function waitForSpans(
  app: TracingApp,
  predicate: (spans: ReadableSpan[]) => boolean,
  timeoutMs = 3_000,
): Promise<ReadableSpan[]> {
  let spans: ReadableSpan[] = [];
  await eventually(async () => predicate((spans = await app.spans())), {
    timeoutMs,
    describe: () => `spans never matched; got: ${spans.map((s) => `${s.name}[${s.spanContext().traceId.slice(0, 6)}]`).join(', ')}`,
  });
  return spans;
}
