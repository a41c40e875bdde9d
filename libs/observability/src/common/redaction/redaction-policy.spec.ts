import { describe, expect, it } from 'vitest';
import { mayHoldSecret, RedactionPolicy } from './redaction-policy.js';

describe('RedactionPolicy', () => {
  const policy = new RedactionPolicy(['x-tenant-secretive']);

  it.each([
    ['http://admin:S1@host:3000/api/agents', 'http://[REDACTED]@host:3000/api/agents'],
    ['https://bob:p@S2@h/', 'https://[REDACTED]@h/'],
    ['/x?next=//bob:S3@evil.example/', '/x?next=//[REDACTED]@evil.example/'],
    ['/x?%74oken=S4&a=b', '/x?%74oken=[REDACTED]&a=b'],
    ['/x?token[]=S5', '/x?token[]=[REDACTED]'],
    ['/x?password[x]=S6&y=1', '/x?password[x]=[REDACTED]&y=1'],
    ["/x?token=abc'S7", '/x?token=[REDACTED]'],
    ['/api/memory/password=S8', '/api/memory/password=[REDACTED]'],
    ['Mozilla/5.0 (X11; rv:109.0) password=S9', 'Mozilla/5.0 (X11; rv:109.0) password=[REDACTED]'],
    ['Authorization: Bearer S10 more', 'Authorization: [REDACTED] more'],
    ['{"token":"S11","max_tokens":5}', '{"token":"[REDACTED]","max_tokens":5}'],
    ['/x?next=%2F%2Fbob%3AS12%40evil', '/x?next=//[REDACTED]@evil'],
    ['/x?next=%252F%252Fbob%253AS13%2540evil', '/x?next=//[REDACTED]@evil'],
    ['/x?a=1&api_key=S14#frag', '/x?a=1&api_key=[REDACTED]#frag'],
    ['postgres://u:S15@db:5432/x', 'postgres://[REDACTED]@db:5432/x'],
    ['/cb?next=/login?token=S16', '/cb?next=/login?token=[REDACTED]'],
    ['X-Tenant-Secretive: S17', 'X-Tenant-Secretive: [REDACTED]'],
    ['http:\\\\u:S18@h/', 'http:\\\\[REDACTED]@h/'],
  ])('cleans %s', (input, expected) => {
    expect(policy.text(input)).toBe(expected);
  });

  it.each([
    '/api/items/42',
    '/x?input_tokens=12&max_tokens=100&model=gpt',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/119.0',
    'mailto:ops@example.com',
    '/search?q=100%25',
  ])('leaves %s as it is', (input) => {
    expect(policy.text(input)).toBe(input);
  });

  it.each([
    'token',
    'Token[]',
    '%74oken',
    'x-api-key',
    'API_KEY',
    'client_secret',
    'webhook_url',
    'slack_webhook',
    'bearer_token',
    'Cookie',
    'x-tenant-secretive',
  ])('treats %s as a secret key', (key) => {
    expect(policy.isSecretKey(key)).toBe(true);
  });

  it.each(['input_tokens', 'max_tokens', 'token_count', 'route', 'url', 'model', 'status'])('treats %s as an ordinary key', (key) => {
    expect(policy.isSecretKey(key)).toBe(false);
  });

  it.each([
    ['/api/items/42', false],
    ['Mozilla/5.0 (X11; rv:109.0) Gecko/20100101', false],
    ['host:3000/x', false],
    ['ends with a colon:', false],
    ['user@host', true],
    ['/x?a=1', true],
    ['/x%2Fy', true],
    ['Authorization: Bearer x', true],
    ['key:\tvalue', true],
    ['{"token":"x"}', true],
    ["key:'x'", true],
  ])('says whether %j may hold a secret: %s', (text, expected) => {
    expect(mayHoldSecret(text)).toBe(expected);
  });
});
