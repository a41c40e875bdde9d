import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Attributes, Span } from '@opentelemetry/api';
import { context, SpanKind, trace, installAspect, uninstallAspect, recordSpanException, type CallHooks } from '../../common/index.js';
import { TracingService } from '../tracing.service.js';
import { TRACED_ASPECT } from '../tracing.constants.js';
import type { TracedMetadata } from './traced.decorator.js';

/** Installs the `@Traced` behaviour on every provider and controller instance, with this module's tracer. */
@Injectable()
export class TracedExplorer implements OnModuleInit, OnApplicationShutdown {
  private instrumented = new Set<object>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly tracing: TracingService,
  ) {}

  onModuleInit(): void {
    if (!this.tracing.enabled) return;
    this.instrumented = installAspect<TracedMetadata, Span>(this.discovery, TRACED_ASPECT, (meta) => this.hooksFor(meta));
  }

  /** Only once the app's server has closed: calls made while it drains are traced too. */
  onApplicationShutdown(): void {
    uninstallAspect(this.instrumented, TRACED_ASPECT);
  }

  private hooksFor(metadata: TracedMetadata): CallHooks<Span> {
    const tracer = this.tracing.tracer;
    const { name, kind = SpanKind.INTERNAL, attributes } = metadata;
    return {
      start: (args) => tracer.startSpan(name, { kind, attributes: attributesOf(attributes, args) }),
      scope: (span, call) => context.with(trace.setSpan(context.active(), span), call),
      settle: (span, error, failed) => {
        if (failed) recordSpanException(span, error);
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
