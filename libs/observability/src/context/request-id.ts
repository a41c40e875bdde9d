import { randomFillSync } from 'node:crypto';

const SAFE_ID = /^[A-Za-z0-9._:@-]+$/;

/** Ids drawn from one fill of random bytes (Node's own randomUUID draws 128 at a time too). */
const IDS_PER_FILL = 128;
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const DASH = 0x2d;

/**
 * Random (version 4) UUIDs, as `crypto.randomUUID()` makes them: 122 bits from the CSPRNG, drawn 128 ids at a time.
 * Each id is formatted into one reused buffer and read out as a single flat string. Node formats its UUIDs by
 * twenty string concatenations — about 600 bytes of intermediate strings per id (`bench/alloc-diff.mjs context`),
 * which the first write of the header then flattens — and that was the largest allocation the request context
 * made per request. One generator per request context service: nothing is shared between apps.
 */
export class RandomIds {
  private readonly random = Buffer.allocUnsafeSlow(16 * IDS_PER_FILL);
  private readonly text = Buffer.allocUnsafeSlow(36);
  private drawn = IDS_PER_FILL;

  uuid(): string {
    if (this.drawn === IDS_PER_FILL) {
      randomFillSync(this.random);
      this.drawn = 0;
    }
    const random = this.random;
    const text = this.text;
    const at = 16 * this.drawn++;
    // Version 4 in the high nibble of byte 6; the RFC 9562 variant (10xx) in the high bits of byte 8.
    random[at + 6] = (random[at + 6]! & 0x0f) | 0x40;
    random[at + 8] = (random[at + 8]! & 0x3f) | 0x80;
    let out = 0;
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) text[out++] = DASH;
      const byte = random[at + i]!;
      text[out++] = HEX_DIGITS[byte >> 4]!;
      text[out++] = HEX_DIGITS[byte & 0x0f]!;
    }
    return text.toString('latin1', 0, 36);
  }
}

/**
 * Accepts an incoming request id only if it is short and made of safe characters (it ends up in logs, span
 * attributes and a response header); otherwise generates one.
 */
export function acceptOrGenerateRequestId(incoming: unknown, maxLength: number, ids: RandomIds): string {
  if (typeof incoming === 'string' && incoming.length > 0 && incoming.length <= maxLength && SAFE_ID.test(incoming)) {
    return incoming;
  }
  return ids.uuid();
}

/** A user id from a header or `req.user`: bounded and stripped to safe characters, or undefined. */
export function sanitizeUserId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.length === 0) return undefined;
  const clean = value.slice(0, 128).replace(/[^A-Za-z0-9._:@-]/g, '_');
  return clean;
}
