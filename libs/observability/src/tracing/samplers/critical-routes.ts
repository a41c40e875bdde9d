import type { Context } from '@opentelemetry/api';
import { createContextKey } from '../../common/index.js';
import { pathToRegexp } from 'path-to-regexp';

/** Set on the context a request's server span starts in when its path matches a critical route. */
const CRITICAL_ROUTE = createContextKey('nestjs-observability.critical-route');

export function markCritical(context: Context): Context {
  return context.setValue(CRITICAL_ROUTE, true);
}

export function isMarkedCritical(context: Context): boolean {
  return context.getValue(CRITICAL_ROUTE) === true;
}

/**
 * Tells whether a request path matches one of the critical route templates (`/api/memory/:id`, Nest's own
 * syntax), before routing: so the head sampler keeps the whole trace from its first span, and the traceparent of
 * every outbound call says sampled. One compiled expression for all templates; no templates, no work.
 */
export function createCriticalRouteMatcher(templates: readonly string[]): ((path: string) => boolean) | undefined {
  if (templates.length === 0) return undefined;
  const { regexp } = pathToRegexp([...templates]);
  return (path) => regexp.test(path);
}
