import 'reflect-metadata';
import { createRequire } from 'node:module';
import { Controller, Get } from '@nestjs/common';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { startTracing, type TracingModuleOptions, type TracingPreloadHandle } from 'nestjs-observability';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTracingApp, waitForSpans } from './helpers/tracing-app.js';

/**
 * An instrumentation the suite does not ship, only `@opentelemetry/auto-instrumentations-node` does, enabled by its
 * name in `tracing.instrumentations` and loaded from that package. graphql runs in-process: no server needed.
 */
describe('tracing.instrumentations: an instrumentation of auto-instrumentations-node, by name', () => {
  const exporter = new InMemorySpanExporter();
  const tracing: NonNullable<TracingModuleOptions['tracing']> = {
    sample_rate: 1,
    batch: { scheduled_delay: 5 },
    instrumentations: { graphql: true },
  };
  let handle: TracingPreloadHandle;

  beforeAll(() => {
    handle = startTracing({ tracing, exporter })!;
  });
  afterAll(async () => {
    await handle.stop();
  });

  it("graphql: a query executed in a handler yields the graphql instrumentation's spans under the request's server span", async () => {
    expect(handle.instrumentations).toContain('graphql');
    // Loaded after the preload, as an app's own modules are (the instrumentation patches it on require).
    const { graphql, buildSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
    const schema = buildSchema('type Query { hello(name: String!): String! }');

    @Controller('api/greetings')
    class GreetingController {
      @Get()
      async greet(): Promise<unknown> {
        const result = await graphql({
          schema,
          source: 'query Greet { hello(name: "ada") }',
          rootValue: { hello: ({ name }: { name: string }) => `hello ${name}` },
        });
        return result.data;
      }
    }

    const t = await bootTracingApp({ exporter, tracing, controllers: [GreetingController] });
    try {
      const res = await request(t.app.getHttpServer()).get('/api/greetings').expect(200);
      expect(res.body).toEqual({ hello: 'hello ada' });
      const spans = await waitForSpans(t, (s) =>
        s.some((x) => x.instrumentationScope.name === '@opentelemetry/instrumentation-graphql' && x.name.startsWith('query')),
      );
      const root = spans.find((s) => s.name === 'GET /api/greetings')!;
      const gql = spans.filter(
        (s) =>
          s.instrumentationScope.name === '@opentelemetry/instrumentation-graphql' &&
          s.spanContext().traceId === root.spanContext().traceId,
      );
      expect(gql.map((s) => s.name).sort()).toEqual(['graphql.parse', 'graphql.resolve hello', 'graphql.validate', 'query Greet']);
      expect(gql.find((s) => s.name === 'query Greet')?.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
      expect(gql.find((s) => s.name === 'query Greet')?.attributes['graphql.operation.name']).toBe('Greet');
    } finally {
      await t.app.close();
    }
  });
});
