import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManagementAuth } from '../../common/index.js';
import { errorRateAlert } from '../../../../../test/helpers/alert-fixtures.js';
import { NotificationDispatcher } from '../notifiers/notification-dispatcher.js';
import type { Notification } from '../notifiers/notifier.interface.js';
import { SilenceStore } from './silence-store.js';
import { SilencesHttpHandler } from './silences-http.handler.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const TOKEN = 'Bearer mgmt-token';

describe('SilencesHttpHandler', () => {
  const now = { t: T0 };
  const handler = () => new SilencesHttpHandler(new SilenceStore({ now: () => now.t }), new ManagementAuth('mgmt-token'));

  it('needs the management token, and refuses everything when none is configured', () => {
    const h = handler();
    expect(h.handle({ method: 'GET', url: '/alerts/silences', authorization: 'Bearer wrong' })).toEqual({
      statusCode: 401,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'www-authenticate': 'Bearer' },
      body: { error: 'silences require Authorization: Bearer <management.token>' },
    });
    const open = new SilencesHttpHandler(new SilenceStore(), new ManagementAuth(undefined));
    expect(open.handle({ method: 'GET', url: '/alerts/silences', authorization: undefined })).toMatchObject({
      statusCode: 403,
      body: { error: 'silences API disabled: set management.token to use it' },
    });
  });

  it('creates from an Alertmanager-shaped JSON body, lists, reads and deletes', () => {
    const h = handler();
    const body = JSON.stringify({
      matchers: [{ name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true }],
      startsAt: new Date(T0).toISOString(),
      endsAt: new Date(T0 + 3_600_000).toISOString(),
      createdBy: 'ops',
      comment: 'deploy',
    });
    const created = h.handle({ method: 'POST', url: '/alerts/silences', authorization: TOKEN, body: Buffer.from(body) });
    expect(created.statusCode).toBe(200);
    const id = (created.body as { silenceID: string }).silenceID;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.handle({ method: 'GET', url: '/alerts/silences?state=active', authorization: TOKEN }).body).toMatchObject([
      { id, status: { state: 'active' }, createdBy: 'ops', comment: 'deploy' },
    ]);
    expect(h.handle({ method: 'GET', url: `/alerts/silences/${id}`, authorization: TOKEN })).toMatchObject({
      statusCode: 200,
      body: { id },
    });
    expect(h.handle({ method: 'DELETE', url: `/alerts/silences/${id}`, authorization: TOKEN })).toMatchObject({
      statusCode: 200,
      body: {},
    });
    expect(h.handle({ method: 'GET', url: `/alerts/silences/${id}`, authorization: TOKEN }).body).toMatchObject({
      status: { state: 'expired' },
    });
    expect(h.handle({ method: 'DELETE', url: '/alerts/silences/unknown', authorization: TOKEN })).toMatchObject({
      statusCode: 404,
      body: { error: 'no silence with id "unknown"' },
    });
  });

  it('accepts a body the adapter already parsed, with string matchers', () => {
    const h = handler();
    const created = h.handle({
      method: 'POST',
      url: '/alerts/silences',
      authorization: TOKEN,
      body: { matchers: ['severity="warning"'], endsAt: new Date(T0 + 60_000).toISOString() },
    });
    expect(created.statusCode).toBe(200);
  });

  it('answers 400 with the reason, 405 for other methods', () => {
    const h = handler();
    expect(h.handle({ method: 'POST', url: '/alerts/silences', authorization: TOKEN, body: '{' })).toMatchObject({
      statusCode: 400,
      body: { error: 'the body is not valid JSON' },
    });
    expect(
      h.handle({ method: 'POST', url: '/alerts/silences', authorization: TOKEN, body: { matchers: ['x'], endsAt: 'soon' } }),
    ).toMatchObject({
      statusCode: 400,
      body: { error: 'invalid silence: matchers[0]: "x" is not a matcher such as severity="critical" or route=~"/api/.*"' },
    });
    expect(h.handle({ method: 'GET', url: '/alerts/silences?state=gone', authorization: TOKEN }).statusCode).toBe(400);
    expect(h.handle({ method: 'PUT', url: '/alerts/silences', authorization: TOKEN })).toMatchObject({
      statusCode: 405,
      headers: { allow: 'GET, POST' },
    });
    expect(h.matches('/alerts/silences/abc?x=1')).toBe(true);
    expect(h.matches('/alerts/silencesX')).toBe(false);
  });
});

describe('silences and the dispatcher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('mutes notifications while a silence is active; the alert is notified once it ends by itself', async () => {
    vi.useFakeTimers({ now: T0 });
    const store = new SilenceStore();
    store.add({ matchers: ['route="/api/chat"'], endsAt: new Date(T0 + 10 * 60_000).toISOString() });
    const received: Array<{ at: number; notification: Notification }> = [];
    const dispatcher = new NotificationDispatcher({
      notifiers: [{ name: 'webhook', send: (notification) => (received.push({ at: Date.now() - T0, notification }), Promise.resolve()) }],
      silencer: store,
      logger: { log: vi.fn(), warn: vi.fn() },
    });
    const alert = errorRateAlert({ firedAt: new Date(T0), activeAt: new Date(T0) });
    for (let t = 0; t < 16 * 60_000; t += 15_000) {
      dispatcher.send([alert], new Date());
      await vi.advanceTimersByTimeAsync(15_000);
    }
    // group_wait at 30 s and group_interval ticks at 5m30s and 10m30s: only the last one is after the silence.
    expect(received.map((r) => r.at)).toEqual([10 * 60_000 + 30_000]);
  });
});
