import { describe, expect, it } from 'vitest';
import { parseMatcher } from './silence-matcher.js';
import { SilenceStore } from './silence-store.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (ms: number) => new Date(T0 + ms).toISOString();

describe('matchers', () => {
  it('parse the four operators, quoted or not, and match as Alertmanager does', () => {
    const labels = { alertname: 'HighErrorRate', route: '/api/chat', severity: 'critical' };
    const cases: Array<[string, boolean]> = [
      ['severity="critical"', true],
      ['severity=critical', true],
      ['severity!="critical"', false],
      ['route=~"/api/.*"', true],
      ['route=~"/api"', false], // anchored: the whole value must match
      ['route!~"/api/(chat|agents)"', false],
      ['team=""', true], // a missing label is ""
      ['team!=""', false],
      ['alertname = "High\\u0045rrorRate"', true],
    ];
    for (const [text, expected] of cases) expect([text, parseMatcher(text).matches(labels)]).toEqual([text, expected]);
  });

  it('say what is wrong with a bad matcher', () => {
    expect(() => parseMatcher('severity')).toThrow('"severity" is not a matcher such as severity="critical" or route=~"/api/.*"');
    expect(() => parseMatcher('route=~"(/api"')).toThrow('"(/api" is not a valid regular expression');
    expect(() => parseMatcher('route="/api')).toThrow('the quoted value is not closed or has an invalid escape');
  });
});

describe('SilenceStore', () => {
  function store(now: { t: number }, initial = []) {
    return new SilenceStore({ now: () => now.t, initial, retentionMs: 60 * 60_000 });
  }

  it('mutes matching alerts between startsAt and endsAt, then ends by itself', () => {
    const now = { t: T0 };
    const s = store(now);
    const created = s.add({
      matchers: ['alertname="HighErrorRate"', 'route=~"/api/.*"'],
      startsAt: at(60_000),
      endsAt: at(120_000),
      createdBy: 'ops',
    });
    const hit = { alertname: 'HighErrorRate', route: '/api/chat' };
    expect(created.status.state).toBe('pending');
    expect(s.isSilenced(hit, T0 + 59_999)).toBe(false);
    expect(s.isSilenced(hit, T0 + 60_000)).toBe(true);
    expect(s.isSilenced({ ...hit, route: '/health' }, T0 + 60_000)).toBe(false);
    expect(s.isSilenced(hit, T0 + 120_000)).toBe(false);
    now.t = T0 + 120_000;
    expect(s.get(created.id)).toEqual({
      id: created.id,
      status: { state: 'expired' },
      matchers: [
        { name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true },
        { name: 'route', value: '/api/.*', isRegex: true, isEqual: true },
      ],
      startsAt: at(60_000),
      endsAt: at(120_000),
      updatedAt: at(0),
      createdBy: 'ops',
      comment: '',
    });
    // Listed for the retention time after it ended, then forgotten.
    now.t = T0 + 120_000 + 60 * 60_000;
    expect(s.list()).toEqual([]);
  });

  it('expires a silence on request, and a new silence cannot start in the past', () => {
    const now = { t: T0 };
    const s = store(now);
    const { id, startsAt } = s.add({
      matchers: [{ name: 'severity', value: 'warning', isRegex: false }],
      startsAt: at(-60_000),
      endsAt: at(3_600_000),
    });
    expect(startsAt).toBe(at(0));
    now.t += 1_000;
    expect(s.expire(id)).toBe(true);
    expect(s.expire(id)).toBe(false);
    expect(s.isSilenced({ severity: 'warning' }, now.t)).toBe(false);
    expect(s.list('expired').map((v) => v.id)).toEqual([id]);
    expect(s.list('active')).toEqual([]);
  });

  it('refuses silences that would mute everything, end before they start, or are malformed', () => {
    const s = store({ t: T0 });
    expect(() => s.add({ matchers: ['team=~".*"'], endsAt: at(60_000) })).toThrow(
      'invalid silence: at least one matcher must not match the empty string (it would mute every alert)',
    );
    expect(() => s.add({ matchers: ['a="b"'], startsAt: at(60_000), endsAt: at(30_000) })).toThrow(
      'invalid silence: "endsAt" must be after "startsAt"',
    );
    expect(() => s.add({ matchers: ['a="b"'], endsAt: 'tomorrow' })).toThrow('invalid silence: "endsAt" must be an ISO 8601 time');
    expect(() => s.add({ matchers: [], endsAt: at(60_000) })).toThrow('invalid silence: "matchers" must be a non-empty list');
    expect(() => s.add({ matchers: ['a'], endsAt: at(60_000) })).toThrow('invalid silence: matchers[0]: "a" is not a matcher');
    expect(() => s.add({ id: 'nope', matchers: ['a="b"'], endsAt: at(60_000) })).toThrow('no silence with id "nope"');
  });

  it('is bounded', () => {
    const s = new SilenceStore({ now: () => T0, maxSilences: 2 });
    s.add({ matchers: ['a="1"'], endsAt: at(60_000) });
    s.add({ matchers: ['a="2"'], endsAt: at(60_000) });
    expect(() => s.add({ matchers: ['a="3"'], endsAt: at(60_000) })).toThrow('invalid silence: already 2 silences; expire some first');
  });

  it('takes silences from the configuration and names the entry when one is wrong', () => {
    const s = new SilenceStore({
      now: () => T0,
      initial: [{ matchers: ['route="/api/chat"'], startsAt: at(-60_000), endsAt: at(60_000), comment: 'deploy' }],
    });
    expect(s.list()).toMatchObject([
      { id: 'config-0', status: { state: 'active' }, startsAt: at(-60_000), createdBy: 'configuration', comment: 'deploy' },
    ]);
    expect(
      () =>
        new SilenceStore({
          now: () => T0,
          initial: [
            { matchers: ['a="b"'], endsAt: at(60_000) },
            { matchers: ['a=~"("'], endsAt: at(60_000) },
          ],
        }),
    ).toThrow('observability.alerts.silences[1]: invalid silence: matchers[0]: "(" is not a valid regular expression');
  });
});
