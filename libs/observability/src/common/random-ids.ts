import { randomFillSync } from 'node:crypto';

/**
 * Random bytes drawn per fill of the pool: request ids for 4,096 requests, or trace and span ids for 2,730. A fill
 * costs ~5 µs however few bytes it draws (13 µs for these 64 KiB, measured on Node 24), so the pool is large.
 */
const POOL_BYTES = 64 * 1024;
/** `0`…`9`, `a`…`f` as character codes. */
const HEX = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));
const DASH = 0x2d;

/**
 * Random ids from the CSPRNG, drawn into a pool of bytes 64 KiB at a time: request ids (version 4 UUIDs, as
 * `crypto.randomUUID()` makes them) and W3C trace and span ids (lower-case hex, never all zeros).
 *
 * Each id is built by one `String.fromCharCode` call with every character as an argument: one flat string, nothing
 * else allocated. Node formats its UUIDs by twenty string concatenations (about 600 bytes of intermediate strings
 * per id) and OpenTelemetry's `RandomIdGenerator` writes `Math.random()` words into a buffer and reads them out with
 * `toString('hex')`, a call into C++ per id; `node bench/request-id-micro.mjs` measures both against this. One
 * instance per owner (a request context service, a tracing runtime): nothing is shared between apps.
 */
export class RandomIds {
  private readonly pool = Buffer.allocUnsafeSlow(POOL_BYTES);
  private used = POOL_BYTES;

  /** A version 4 UUID: 122 random bits, the version and the RFC 9562 variant in their places. */
  uuid(): string {
    const p = this.pool;
    const a = this.take(16);
    p[a + 6] = (p[a + 6]! & 0x0f) | 0x40;
    p[a + 8] = (p[a + 8]! & 0x3f) | 0x80;
    const h = HEX;
    // prettier-ignore
    return String.fromCharCode(
      h[p[a]! >> 4]!, h[p[a]! & 15]!, h[p[a + 1]! >> 4]!, h[p[a + 1]! & 15]!,
      h[p[a + 2]! >> 4]!, h[p[a + 2]! & 15]!, h[p[a + 3]! >> 4]!, h[p[a + 3]! & 15]!, DASH,
      h[p[a + 4]! >> 4]!, h[p[a + 4]! & 15]!, h[p[a + 5]! >> 4]!, h[p[a + 5]! & 15]!, DASH,
      h[p[a + 6]! >> 4]!, h[p[a + 6]! & 15]!, h[p[a + 7]! >> 4]!, h[p[a + 7]! & 15]!, DASH,
      h[p[a + 8]! >> 4]!, h[p[a + 8]! & 15]!, h[p[a + 9]! >> 4]!, h[p[a + 9]! & 15]!, DASH,
      h[p[a + 10]! >> 4]!, h[p[a + 10]! & 15]!, h[p[a + 11]! >> 4]!, h[p[a + 11]! & 15]!,
      h[p[a + 12]! >> 4]!, h[p[a + 12]! & 15]!, h[p[a + 13]! >> 4]!, h[p[a + 13]! & 15]!,
      h[p[a + 14]! >> 4]!, h[p[a + 14]! & 15]!, h[p[a + 15]! >> 4]!, h[p[a + 15]! & 15]!,
    );
  }

  /** A trace id: 16 random bytes as 32 hex digits. */
  traceId(): string {
    const p = this.pool;
    const a = this.take(16);
    this.nonZero(a, 16);
    const h = HEX;
    // prettier-ignore
    return String.fromCharCode(
      h[p[a]! >> 4]!, h[p[a]! & 15]!, h[p[a + 1]! >> 4]!, h[p[a + 1]! & 15]!,
      h[p[a + 2]! >> 4]!, h[p[a + 2]! & 15]!, h[p[a + 3]! >> 4]!, h[p[a + 3]! & 15]!,
      h[p[a + 4]! >> 4]!, h[p[a + 4]! & 15]!, h[p[a + 5]! >> 4]!, h[p[a + 5]! & 15]!,
      h[p[a + 6]! >> 4]!, h[p[a + 6]! & 15]!, h[p[a + 7]! >> 4]!, h[p[a + 7]! & 15]!,
      h[p[a + 8]! >> 4]!, h[p[a + 8]! & 15]!, h[p[a + 9]! >> 4]!, h[p[a + 9]! & 15]!,
      h[p[a + 10]! >> 4]!, h[p[a + 10]! & 15]!, h[p[a + 11]! >> 4]!, h[p[a + 11]! & 15]!,
      h[p[a + 12]! >> 4]!, h[p[a + 12]! & 15]!, h[p[a + 13]! >> 4]!, h[p[a + 13]! & 15]!,
      h[p[a + 14]! >> 4]!, h[p[a + 14]! & 15]!, h[p[a + 15]! >> 4]!, h[p[a + 15]! & 15]!,
    );
  }

  /** A span id: 8 random bytes as 16 hex digits. */
  spanId(): string {
    const p = this.pool;
    const a = this.take(8);
    this.nonZero(a, 8);
    const h = HEX;
    // prettier-ignore
    return String.fromCharCode(
      h[p[a]! >> 4]!, h[p[a]! & 15]!, h[p[a + 1]! >> 4]!, h[p[a + 1]! & 15]!,
      h[p[a + 2]! >> 4]!, h[p[a + 2]! & 15]!, h[p[a + 3]! >> 4]!, h[p[a + 3]! & 15]!,
      h[p[a + 4]! >> 4]!, h[p[a + 4]! & 15]!, h[p[a + 5]! >> 4]!, h[p[a + 5]! & 15]!,
      h[p[a + 6]! >> 4]!, h[p[a + 6]! & 15]!, h[p[a + 7]! >> 4]!, h[p[a + 7]! & 15]!,
    );
  }

  /** The offset of `bytes` fresh random bytes in the pool, refilled when they run out. */
  private take(bytes: number): number {
    if (this.used + bytes > POOL_BYTES) {
      randomFillSync(this.pool);
      this.used = 0;
    }
    const at = this.used;
    this.used += bytes;
    return at;
  }

  /** All-zero ids are invalid (W3C Trace Context): one would get its last byte set to 1, as OpenTelemetry does. */
  private nonZero(at: number, bytes: number): void {
    const p = this.pool;
    for (let i = at; i < at + bytes; i++) if (p[i] !== 0) return;
    p[at + bytes - 1] = 1;
  }
}
