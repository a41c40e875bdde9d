import type { Tracer, TracerOptions, TracerProvider } from '@opentelemetry/api';

/**
 * The provider the preload registers globally and hands to the instrumentations: it forwards to the pipeline of
 * the moment. Instrumentations fetch their tracer once, before the app's configuration is known; through this
 * indirection their spans follow the pipeline that configuration builds instead of the preload's.
 */
export class SwitchableTracerProvider implements TracerProvider {
  private generation = 0;

  constructor(private current: TracerProvider) {}

  /** Spans started from now on go to `provider`. */
  use(provider: TracerProvider): void {
    this.current = provider;
    this.generation++;
  }

  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    let cached: { generation: number; tracer: Tracer } | undefined;
    const resolve = (): Tracer => {
      if (cached?.generation !== this.generation) {
        cached = { generation: this.generation, tracer: this.current.getTracer(name, version, options) };
      }
      return cached.tracer;
    };
    return {
      startSpan: (spanName, spanOptions, context) => resolve().startSpan(spanName, spanOptions, context),
      startActiveSpan: (...args: unknown[]) => {
        const tracer = resolve();
        return (tracer.startActiveSpan as (...a: unknown[]) => unknown).apply(tracer, args);
      },
    };
  }
}
