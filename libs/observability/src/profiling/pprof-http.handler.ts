import { Inject, Injectable } from '@nestjs/common';
import type { ManagementAuth } from '../common/index.js';
import type { ProfilingConfig } from '../config/index.js';
import { PPROF_BASE_PATH, PROFILING_CONFIG, PROFILING_MANAGEMENT_AUTH } from './profiling.constants.js';
import { CaptureInProgressError, ProfilingShutdownError } from './profiling.errors.js';
import { BAD_SECONDS, TOKEN_REQUIRED } from './profiling.messages.js';
import { ProfilingService } from './profiling.service.js';
import type { StoredProfile } from './profile-store.js';

export interface PprofResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

const json = (statusCode: number, value: unknown): PprofResponse => ({
  statusCode,
  headers: { 'content-type': JSON_TYPE, 'cache-control': 'no-store' },
  body: JSON.stringify(value),
});

const pprof = (profile: StoredProfile): PprofResponse => ({
  statusCode: 200,
  headers: {
    'content-type': 'application/octet-stream',
    'content-disposition': `attachment; filename="${profile.id}.pb.gz"`,
    'cache-control': 'no-store',
    'x-profile-id': profile.id,
  },
  body: profile.data,
});

/** The endpoint paths, Go's `net/http/pprof` names where Go has one. */
export const PPROF_PATHS = {
  profile: `${PPROF_BASE_PATH}/profile`,
  heap: `${PPROF_BASE_PATH}/heap`,
  profiles: `${PPROF_BASE_PATH}/profiles`,
  profileById: `${PPROF_BASE_PATH}/profiles/:id`,
  insights: `${PPROF_BASE_PATH}/insights`,
} as const;

/**
 * What the `/debug/pprof/*` endpoints answer, independent of the server (Express or Fastify). Every endpoint wants
 * the management token (401 without it); profiles are gzipped pprof protobuf, everything else JSON.
 */
@Injectable()
export class PprofHttpHandler {
  constructor(
    private readonly profiling: ProfilingService,
    @Inject(PROFILING_CONFIG) private readonly config: ProfilingConfig,
    @Inject(PROFILING_MANAGEMENT_AUTH) private readonly auth: ManagementAuth,
  ) {}

  async handle(route: keyof typeof PPROF_PATHS, url: string, authorization: unknown): Promise<PprofResponse> {
    if (!this.auth.isAuthorized(authorization)) return json(401, { statusCode: 401, message: TOKEN_REQUIRED });
    const parsed = new URL(url, 'http://localhost');
    try {
      switch (route) {
        case 'profile': {
          const seconds = this.seconds(parsed.searchParams.get('seconds'));
          if (seconds === undefined) return json(400, { statusCode: 400, message: BAD_SECONDS(this.config.max_profile_seconds) });
          return pprof(await this.profiling.captureCpu(seconds * 1000));
        }
        case 'heap':
          return pprof(await this.profiling.captureHeap());
        case 'profiles':
          return json(200, { profiles: this.profiling.list() });
        case 'profileById': {
          const id = decodeURIComponent(parsed.pathname.slice(PPROF_PATHS.profiles.length + 1));
          const profile = this.profiling.get(id);
          return profile ? pprof(profile) : json(404, { statusCode: 404, message: `no stored profile ${JSON.stringify(id)}` });
        }
        case 'insights':
          return json(200, this.profiling.insights());
      }
    } catch (error) {
      if (error instanceof CaptureInProgressError) return json(409, { statusCode: 409, message: error.message });
      const message = error instanceof ProfilingShutdownError || error instanceof Error ? error.message : 'profiling failed';
      return json(503, { statusCode: 503, message });
    }
  }

  /** `?seconds=` as a whole number within the configured bound; absent means 30 (Go's default), capped. */
  private seconds(raw: string | null): number | undefined {
    const max = this.config.max_profile_seconds;
    if (raw === null) return Math.min(30, max);
    if (!/^\d+$/.test(raw)) return undefined;
    const value = Number(raw);
    return value >= 1 && value <= max ? value : undefined;
  }
}
