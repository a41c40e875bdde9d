import { createHash, timingSafeEqual } from 'node:crypto';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Checks `Authorization: Bearer <token>` against `management.token`. Both sides are hashed to equal-length digests
 * and compared with `timingSafeEqual`, so neither the token's content nor its length leaks through response
 * timing. With no token configured nobody is authorised: management endpoints then answer only what is public.
 */
export class ManagementAuth {
  private readonly expected: Buffer | undefined;

  constructor(token: string | undefined) {
    this.expected = token ? digest(token) : undefined;
  }

  /** Whether a token is configured at all (without one, no caller can be authorised). */
  get enabled(): boolean {
    return this.expected !== undefined;
  }

  /** `authorization` is the raw header value (Node gives a string; a repeated header is refused). */
  isAuthorized(authorization: unknown): boolean {
    if (!this.expected || typeof authorization !== 'string' || authorization.length > 4096) return false;
    const presented = BEARER.exec(authorization)?.[1];
    if (!presented) return false;
    return timingSafeEqual(digest(presented), this.expected);
  }
}

/** One-off form of {@link ManagementAuth.isAuthorized}; build a `ManagementAuth` once when checking per request. */
export function isManagementAuthorized(authorization: unknown, token: string | undefined): boolean {
  return new ManagementAuth(token).isAuthorized(authorization);
}
