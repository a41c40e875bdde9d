import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { failureMessage, withDeadline, type IndicatorCallOptions } from './deadline.js';

export interface HttpPingOptions extends IndicatorCallOptions {
  /** The status the dependency must answer with. @default 200 */
  expectedStatus?: number;
  /** Extra request headers (an API key the dependency wants). Never shown in the report. */
  headers?: Record<string, string>;
}

/** The URL as a report may show it: no credentials, no query string (tokens travel there). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '[invalid URL]';
  }
}

/** fetch refuses URLs with credentials: they travel as Basic authorization instead. */
function splitCredentials(url: string, extra: Record<string, string> = {}): { target: string; headers: Record<string, string> } {
  const u = new URL(url);
  if (!u.username && !u.password) return { target: url, headers: extra };
  const basic = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
  u.username = '';
  u.password = '';
  return { target: u.toString(), headers: { authorization: `Basic ${basic}`, ...extra } };
}

/**
 * GETs a dependency and compares the status with the expected one. Redirects are not followed (a 302 to a login
 * page is not "up"); the body is discarded unread.
 */
@Injectable()
export class HttpDependencyIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  async pingCheck<const Key extends string>(key: Key, url: string, options: HttpPingOptions = {}): Promise<HealthIndicatorResult<Key>> {
    const session = this.indicators.check(key);
    const expected = options.expectedStatus ?? 200;
    const shown = { url: displayUrl(url), expected_status: expected };
    const started = performance.now();
    try {
      const status = await withDeadline(async (signal) => {
        const { target, headers } = splitCredentials(url, options.headers);
        const response = await fetch(target, { method: 'GET', redirect: 'manual', signal, headers });
        await response.body?.cancel().catch(() => undefined);
        return response.status;
      }, options);
      const data = { ...shown, status_code: status, response_time_ms: Math.round(performance.now() - started) };
      return status === expected ? session.up(data) : session.down({ message: `expected status ${expected}, got ${status}`, ...data });
    } catch (error) {
      return session.down({ message: failureMessage(error), ...shown });
    }
  }
}
