import { describe, expect, it } from 'vitest';
import { isManagementAuthorized, ManagementAuth } from './management-auth.js';

const TOKEN = 'a-management-token-of-some-length';

describe('ManagementAuth', () => {
  it('accepts exactly "Bearer <token>" (scheme case-insensitive, surrounding blanks tolerated)', () => {
    const auth = new ManagementAuth(TOKEN);
    expect(auth.isAuthorized(`Bearer ${TOKEN}`)).toBe(true);
    expect(auth.isAuthorized(`bearer ${TOKEN}`)).toBe(true);
    expect(auth.isAuthorized(`Bearer   ${TOKEN} `)).toBe(true);
  });

  it('refuses other tokens, prefixes and extensions of the token, other schemes and non-strings', () => {
    const auth = new ManagementAuth(TOKEN);
    for (const header of [
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Basic ${TOKEN}`,
      TOKEN,
      'Bearer',
      '',
      `Bearer ${TOKEN} extra`,
    ]) {
      expect(auth.isAuthorized(header), header).toBe(false);
    }
    expect(auth.isAuthorized(undefined)).toBe(false);
    expect(auth.isAuthorized([`Bearer ${TOKEN}`])).toBe(false);
    expect(auth.isAuthorized(`Bearer ${'x'.repeat(5000)}`)).toBe(false);
  });

  it('authorises nobody when no token is configured', () => {
    const auth = new ManagementAuth(undefined);
    expect(auth.enabled).toBe(false);
    expect(auth.isAuthorized('Bearer undefined')).toBe(false);
    expect(auth.isAuthorized('Bearer ')).toBe(false);
    expect(isManagementAuthorized('Bearer ', '')).toBe(false);
    expect(isManagementAuthorized(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
  });
});
