import { Inject, Injectable } from '@nestjs/common';
import type { HealthCheckResult } from '@nestjs/terminus';
import type { ManagementAuth } from '../common/index.js';
import type { HealthConfig } from '../config/index.js';
import { respond, type HealthResponse } from './health-report.js';
import { HEALTH_CONFIG, HEALTH_MANAGEMENT_AUTH } from './health.constants.js';
import { HealthService } from './health.service.js';
import { FRESH_UNAUTHORIZED } from './health.messages.js';

export type HealthEndpoint = 'health' | 'live' | 'ready';

/** Response headers of every health answer: never cached by a proxy, always JSON. */
export const HEALTH_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
};

const FRESH_REFUSED: HealthResponse = {
  statusCode: 401,
  body: { status: 'error', message: FRESH_UNAUTHORIZED },
};

/**
 * What the three endpoints answer, independent of the server they are served on (the app's Express or Fastify
 * adapter, or the separate health port). Public callers get `{ "status": ... }`; the full Terminus report only
 * goes to those `health.show_details` allows.
 */
@Injectable()
export class HealthHttpHandler {
  readonly paths: Readonly<Record<HealthEndpoint, string>>;

  constructor(
    private readonly health: HealthService,
    @Inject(HEALTH_CONFIG) private readonly config: HealthConfig,
    @Inject(HEALTH_MANAGEMENT_AUTH) private readonly auth: ManagementAuth,
  ) {
    const base = config.path.replace(/\/+$/, '');
    this.paths = { health: base || '/', live: `${base}/live`, ready: `${base}/ready` };
  }

  /** Which endpoint a request path (without query) addresses, if any. */
  match(pathname: string): HealthEndpoint | undefined {
    const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
    if (path === this.paths.health) return 'health';
    if (path === this.paths.live) return 'live';
    if (path === this.paths.ready) return 'ready';
    return undefined;
  }

  async handle(endpoint: HealthEndpoint, url: string, authorization: unknown): Promise<HealthResponse> {
    const authorized = this.auth.isAuthorized(authorization);
    const details = this.config.show_details === 'always' || (this.config.show_details === 'when_authorized' && authorized);
    const fresh = wantsFresh(url);
    if (fresh && !authorized && endpoint !== 'live') return FRESH_REFUSED;
    switch (endpoint) {
      case 'live':
        return respond(this.liveness(), details);
      case 'ready':
        return respond(fresh ? await this.health.report({ scope: 'readiness', fresh }) : this.health.readiness(), details);
      case 'health':
        return respond(await this.health.report({ scope: 'all', fresh }), details);
    }
  }

  /** The process answers: nothing else is checked (a failing dependency must not get the pod restarted). */
  private liveness(): HealthCheckResult {
    const process = { status: 'up' as const, uptime_s: Math.round(globalThis.process.uptime()) };
    return { status: 'ok', info: { process }, error: {}, details: { process } };
  }
}

function wantsFresh(url: string): boolean {
  const q = url.indexOf('?');
  if (q < 0) return false;
  const value = new URLSearchParams(url.slice(q + 1)).get('fresh');
  return value === '1' || value === 'true';
}
