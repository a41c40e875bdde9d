import { describe, expect, it } from 'vitest';
import { sanitizeText } from '../common/index.js';
import { sanitizeDetail } from './sanitize.js';

describe('sanitizeText', () => {
  it('removes the userinfo of URLs and connection strings, keeping the host', () => {
    expect(sanitizeText('postgresql://app:p%40ss@db:5432/app failed')).toBe('postgresql://[REDACTED]@db:5432/app failed');
    expect(sanitizeText('host=db user=app password=s3cret dbname=app')).toBe('host=db user=app password=[REDACTED] dbname=app');
    expect(sanitizeText('GET https://api.example.com/v1?token=abc&x=1')).toBe('GET https://api.example.com/v1?token=[REDACTED]&x=1');
    expect(sanitizeText('{"api_key": "sk-123"}')).toBe('{"api_key": "[REDACTED]"}');
    expect(sanitizeText('password authentication failed for user "app"')).toBe('password authentication failed for user "app"');
  });
});

describe('sanitizeDetail', () => {
  it('redacts secret-named fields at any depth and bounds what it keeps', () => {
    const detail = sanitizeDetail({
      status: 'up',
      pool: { total: 3, config: { host: 'db', password: 'x', client_secret: 'y', 'api-key': 'z' } },
      long: 'a'.repeat(1_000),
      fn: () => 1,
    });
    expect(detail).toEqual({
      status: 'up',
      pool: { total: 3, config: { host: 'db', password: '[REDACTED]', client_secret: '[REDACTED]', 'api-key': '[REDACTED]' } },
      long: `${'a'.repeat(300)}...`,
      fn: undefined,
    });
  });
});
