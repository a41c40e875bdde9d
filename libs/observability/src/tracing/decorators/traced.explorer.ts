import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { findAspectMethods, installAspectHooks, uninstallAspectHooks, type CallHooks } from '../../common/method-wrapper.js';
import { TracingService } from '../tracing.service.js';
import { TRACED_ASPECT } from '../tracing.constants.js';
import type { TracedMetadata } from './traced.decorator.js';

/** Installs the `@Traced` behaviour on every provider and controller instance, with this module's tracer. */
@Injectable()
export class TracedExplorer implements OnModuleInit, OnModuleDestroy {
  private readonly instrumented = new Set<object>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly tracing: TracingService,
  ) {}

  onModuleInit(): void {
    if (!this.tracing.enabled) return;
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const instance: unknown = wrapper.instance;
      // Request-scoped and transient instances are created per request; their methods run untraced.
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic() || wrapper.isTransient) continue;
      for (const method of findAspectMethods<TracedMetadata>(instance, TRACED_ASPECT)) {
        installAspectHooks(instance, TRACED_ASPECT, method.methodName, this.hooksFor(method.options));
        this.instrumented.add(instance);
      }
    }
  }

  onModuleDestroy(): void {
    for (const instance of this.instrumented) uninstallAspectHooks(instance, TRACED_ASPECT);
    this.instrumented.clear();
  }

  private hooksFor(metadata: TracedMetadata): CallHooks<Span> {
    const tracer = this.tracing.tracer;
    const { name, kind = SpanKind.INTERNAL, attributes } = metadata;
    return {
      start: (args) => tracer.startSpan(name, { kind, attributes: attributesOf(attributes, args) }),
      scope: (span, call) => context.with(trace.setSpan(context.active(), span), call),
      settle: (span, error, failed) => {
        if (failed) {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : undefined });
        }
        span.end();
      },
    };
  }
}

function attributesOf(attributes: TracedMetadata['attributes'], args: readonly unknown[]): Attributes | undefined {
  if (typeof attributes !== 'function') return attributes;
  try {
    return attributes(...(args as never[]));
  } catch {
    return undefined;
  }
}
