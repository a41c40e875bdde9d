import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AlertCorrelator } from '../correlation/alert-correlator.js';
import { FlapHold } from '../fatigue/flap-hold.js';
import { Inhibitor } from '../fatigue/inhibitor.js';
import { NotificationRateLimiter } from '../fatigue/rate-limiter.js';
import type { Alert, SuppressionReason } from '../interfaces/alert.interface.js';
import { FlapDetector } from '../state/flap-detector.js';
import { NotificationDispatcher, type NotificationDispatcherOptions } from './notification-dispatcher.js';
import type { Notification, Notifier } from './notifier.interface.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const SEC = 1_000;
const MIN = 60 * SEC;

function alert(name: string, labels: Record<string, string> = {}, over: Partial<Alert> = {}): Alert {
  const all = { alertname: name, severity: 'critical', ...labels };
  return {
    fingerprint: JSON.stringify(all),
    labels: all,
    annotations: {},
    state: 'firing',
    activeAt: new Date(Date.now()),
    firedAt: new Date(Date.now()),
    evidence: { value: 1, threshold: 0, operator: '>', trend: [[Date.now(), 1]], traceIds: [] },
    ...over,
  };
}

const resolved = (a: Alert): Alert => ({ ...a, state: 'inactive', resolvedAt: new Date(Date.now()) });

class Recorder implements Notifier {
  readonly received: Array<{ at: number; notification: Notification }> = [];
  constructor(
    readonly name = 'webhook',
    readonly mode: 'grouped' | 'forward' = 'grouped',
  ) {}
  send(notification: Notification): Promise<void> {
    this.received.push({ at: Date.now() - T0, notification });
    return Promise.resolve();
  }
  /** [seconds after T0, status, alerts as name:state(:flapping N)] per notification. */
  summary(): Array<[number, string, string[]]> {
    return this.received.map(({ at, notification }) => [
      at / SEC,
      notification.status,
      notification.alerts.map(
        (a) => `${a.labels.alertname}:${a.resolvedAt ? 'resolved' : 'firing'}${a.flapping ? `:flapping ${a.flapping.changes}` : ''}`,
      ),
    ]);
  }
}

function setup(extra: Partial<NotificationDispatcherOptions>) {
  const hook = new Recorder();
  const suppressed: Partial<Record<SuppressionReason, number>> = {};
  const d = new NotificationDispatcher({
    notifiers: [hook],
    logger: { log: vi.fn(), warn: vi.fn() },
    grouping: { groupWaitMs: 30 * SEC, groupIntervalMs: MIN },
    onSuppress: (reason, n) => (suppressed[reason] = (suppressed[reason] ?? 0) + n),
    ...extra,
  });
  return { d, hook, suppressed };
}

/** One evaluation every 15 s until `untilMs` after T0; `alerts(i)` is what evaluation i sends. */
async function evaluate(d: NotificationDispatcher, alerts: (i: number) => Alert[], untilMs: number): Promise<void> {
  for (let i = 0; Date.now() - T0 < untilMs; i++) {
    d.send(alerts(i), new Date(Date.now()));
    await vi.advanceTimersByTimeAsync(15 * SEC);
  }
}

describe('NotificationDispatcher: fatigue and correlation', () => {
  beforeEach(() => void vi.useFakeTimers({ now: T0 }));
  afterEach(() => void vi.useRealTimers());

  /** Fires for three evaluations, quiet for three: flushes every minute often find it changed. */
  function flapping(): (i: number) => Alert[] {
    const a = alert('Flappy');
    return (i) => (i % 6 < 3 ? [a] : i % 6 === 3 ? [resolved(a)] : []);
  }

  it('without flap detection a series that flaps is notified at every flush', async () => {
    const { d, hook } = setup({ grouping: { groupWaitMs: MIN, groupIntervalMs: MIN } });
    await evaluate(d, flapping(), 20 * MIN);
    expect(hook.received.length).toBeGreaterThanOrEqual(20);
    expect(hook.received.filter((r) => r.notification.status === 'resolved').length).toBeGreaterThanOrEqual(10);
  });

  it('holds a flapping series in one notification ("flapping", with its change count), then notifies once it settles', async () => {
    const flapHold = new FlapHold(new FlapDetector({ history: 12, high: 0.2, low: 0.05 }));
    const { d, hook, suppressed } = setup({ flapHold, grouping: { groupWaitMs: MIN, groupIntervalMs: MIN } });
    await evaluate(d, flapping(), 20 * MIN);
    // Its second change (45s) makes it flap (weighted share 0.214 ≥ 0.2); the group's first flush (1m) sends it
    // once, marked flapping with its change count; nothing more while it keeps flapping.
    expect(hook.summary()).toEqual([[60, 'firing', ['Flappy:firing:flapping 2']]]);
    // Every change from the second on (two per 90s over 20 minutes) was held back instead of notified.
    expect(suppressed.flapping).toBe(26);
    const a = alert('Flappy');
    expect(d.explain(a, new Date()).reasons).toEqual(['flapping']);
    // Quiet from 20m: its last change (at 20m) leaves the 12-evaluation history at 22m45s, the share falls below
    // 5%, it stops flapping and resolves; the group's next flush (23m) notifies that, once.
    await evaluate(d, () => [], 40 * MIN);
    expect(hook.summary().slice(1)).toEqual([[23 * 60, 'resolved', ['Flappy:resolved']]]);
    expect(hook.received[1]!.notification.alerts[0]!.resolvedAt).toEqual(new Date(T0 + 22 * MIN + 45 * SEC));
    expect(d.explain(a, new Date())).toEqual({ suppressed: false, reasons: [] });
  });

  it('inhibits a target while its source fires, explains it, and notifies the target once the source resolves', async () => {
    const inhibitor = new Inhibitor([
      { source_matchers: ['alertname="ProviderDown"'], target_matchers: ['alertname="SlowChat"'], equal: ['provider'] },
    ]);
    const { d, hook, suppressed } = setup({ inhibitor });
    const source = alert('ProviderDown', { provider: 'openai' });
    const target = alert('SlowChat', { provider: 'openai' });
    await evaluate(d, () => [source, target], 3 * MIN);
    expect(hook.summary()).toEqual([[30, 'firing', ['ProviderDown:firing']]]);
    expect(d.explain(target, new Date())).toEqual({ suppressed: true, reasons: ['inhibited'], inhibitedBy: [source.fingerprint] });
    expect(suppressed).toEqual({ inhibited: 1 });
    await evaluate(d, (i) => (i === 0 ? [resolved(source), target] : [target]), 5 * MIN);
    expect(hook.summary().slice(1)).toEqual([
      [210, 'resolved', ['ProviderDown:resolved']],
      [210, 'firing', ['SlowChat:firing']],
    ]);
    expect(d.explain(target, new Date())).toEqual({ suppressed: false, reasons: [] });
  });

  it('rate limits notifications per rule and per channel, counting what it holds back, and sends it when tokens return', async () => {
    const rateLimiter = new NotificationRateLimiter({ windowMs: 10 * MIN, global: 2, perRule: 1 });
    const { d, hook, suppressed } = setup({
      rateLimiter,
      grouping: { groupWaitMs: 0, groupIntervalMs: MIN, groupBy: ['alertname', 'route'] },
    });
    const alerts = ['/a', '/b', '/c'].map((route) => alert('HighErrorRate', { route }));
    const other = alert('DiskFull');
    await evaluate(d, () => [...alerts, other], 4 * MIN);
    // One notification of HighErrorRate (its rule's one token), one of DiskFull (the channel's second token); the
    // other two groups are held at every flush, each hold counted.
    expect(hook.received.map((r) => r.notification.groupLabels)).toEqual([
      { alertname: 'HighErrorRate', route: '/a' },
      { alertname: 'DiskFull' },
    ]);
    expect(suppressed.rate_limited).toBe(2 + 2 * 4);
    expect(d.explain(alerts[1]!, new Date()).reasons).toEqual(['rate_limited']);
    // Tokens come back at 2 per 10 minutes (one per rule per 10 minutes): /b goes out when they do.
    await evaluate(d, () => [...alerts, other], 12 * MIN);
    expect(hook.received.map((r) => r.notification.groupLabels.route ?? '')).toEqual(['/a', '', '/b']);
    expect(d.explain(alerts[1]!, new Date()).reasons).toEqual([]);
  });

  it('puts alerts of a provider outage in one notification under the alert that moved first', async () => {
    const correlator = new AlertCorrelator({ windowMs: 5 * MIN, labels: ['endpoint'], minCorrelation: 0.8, minPoints: 5, upstream: [] });
    const { d, hook, suppressed } = setup({ correlator });
    const t = (i: number) => T0 - (8 - i) * 15 * SEC;
    const provider = alert(
      'ProviderDown',
      { provider: 'openai' },
      {
        activeAt: new Date(t(4)),
        evidence: { value: 0, threshold: 1, operator: '<', trend: [4, 5, 6, 7, 8].map((i) => [t(i), 0] as const), traceIds: [] },
      },
    );
    const errors = alert(
      'HighErrorRate',
      { endpoint: '/api/chat' },
      {
        activeAt: new Date(t(5)),
        evidence: {
          value: 0.6,
          threshold: 0.05,
          operator: '>',
          trend: [0, 0, 0, 0, 0, 0.4, 0.6, 0.6, 0.6].map((v, i) => [t(i), v] as const),
          traceIds: [],
        },
      },
    );
    const latency = alert('HighLatency', { endpoint: '/api/chat' }, { activeAt: new Date(t(5)) });
    d.send([errors, latency, provider], new Date());
    await vi.advanceTimersByTimeAsync(30 * SEC);
    expect(hook.received).toHaveLength(1);
    const n = hook.received[0]!.notification;
    expect(n.groupKey).toBe('{}:{alertname="HighErrorRate"}');
    expect(n.alerts.map((a) => [a.labels.alertname, a.correlation?.role, a.correlation?.reason])).toEqual([
      ['ProviderDown', 'cause', undefined],
      ['HighErrorRate', 'effect', { by: 'series', r: 0.976 }],
      ['HighLatency', 'effect', { by: 'labels', labels: { endpoint: '/api/chat' }, with: 'HighErrorRate' }],
    ]);
    expect(n.alerts[0]!.correlation).toEqual({
      role: 'cause',
      cause: { fingerprint: provider.fingerprint, title: 'ProviderDown' },
      effects: ['HighErrorRate', 'HighLatency'],
    });
    expect(suppressed).toEqual({ correlated: 2 });
    expect(d.explain(errors, new Date())).toEqual({ suppressed: true, reasons: ['correlated'], correlatedWith: provider.fingerprint });
    expect(d.explain(provider, new Date())).toEqual({ suppressed: false, reasons: [] });
  });

  it('counts a silenced alert once per episode and names the silences that mute it', async () => {
    let active = true;
    const silencer = {
      isSilenced: (labels: Readonly<Record<string, string>>) => active && labels.alertname === 'Noisy',
      silencedBy: () => ['maintenance-1'],
    };
    const { d, hook, suppressed } = setup({ silencer });
    const noisy = alert('Noisy');
    await evaluate(d, () => [noisy, alert('Other')], 2 * MIN);
    expect(hook.summary()).toEqual([[30, 'firing', ['Other:firing']]]);
    expect(d.explain(noisy, new Date())).toEqual({ suppressed: true, reasons: ['silenced'], silencedBy: ['maintenance-1'] });
    active = false;
    await evaluate(d, () => [noisy, alert('Other')], 3 * MIN);
    active = true;
    await evaluate(d, () => [noisy, alert('Other')], 4 * MIN);
    // Eight silenced evaluations, then four unsilenced, then four silenced again: two episodes.
    expect(suppressed).toEqual({ silenced: 2 });
  });

  it('Alertmanager (forward) gets the correlation marks, no inhibited alert, and a flapping alert held as firing', async () => {
    const am = new Recorder('alertmanager', 'forward');
    const inhibitor = new Inhibitor([{ source_matchers: ['alertname="Down"'], target_matchers: ['alertname="Muted"'], equal: [] }]);
    const correlator = new AlertCorrelator({ windowMs: 5 * MIN, labels: ['endpoint'], minCorrelation: 0.8, minPoints: 5, upstream: [] });
    const flapHold = new FlapHold(new FlapDetector({ history: 5, high: 0.5, low: 0.1 }));
    const { d } = setup({ notifiers: [am], inhibitor, correlator, flapHold, grouping: { resendDelayMs: 0 } });
    const down = alert('Down', { endpoint: '/api/chat' }, { activeAt: new Date(T0 - MIN) });
    const errors = alert('Errors', { endpoint: '/api/chat' });
    const flappy = alert('Flappy');
    d.send([down, errors, alert('Muted'), flappy], new Date());
    await vi.advanceTimersByTimeAsync(SEC);
    const first = am.received[0]!.notification.alerts;
    expect(first.map((a) => [a.labels.alertname, a.correlation?.role])).toEqual([
      ['Down', 'cause'],
      ['Errors', 'effect'],
      ['Flappy', undefined],
    ]);
    // Flappy resolves, fires, resolves: from its second change it flaps, and Alertmanager keeps seeing it firing.
    for (const batch of [
      [down, errors, resolved(flappy)],
      [down, errors, flappy],
      [down, errors, resolved(flappy)],
    ]) {
      await vi.advanceTimersByTimeAsync(15 * SEC);
      d.send(batch, new Date());
    }
    await vi.advanceTimersByTimeAsync(SEC);
    const last = am.received.at(-1)!.notification.alerts.find((a) => a.labels.alertname === 'Flappy')!;
    expect([last.state, last.resolvedAt, last.flapping?.changes]).toEqual(['firing', undefined, 4]);
    expect(am.received.flatMap((r) => r.notification.alerts).filter((a) => a.labels.alertname === 'Flappy' && a.resolvedAt)).toEqual([]);
  });

  it('charges a rate limit only for what is news: a rule over its limit has its new alerts held, the rest goes out', async () => {
    const rateLimiter = new NotificationRateLimiter({ windowMs: 10 * MIN, global: 0, perRule: 1 });
    const { d, hook, suppressed } = setup({ rateLimiter, grouping: { groupBy: ['team'], groupWaitMs: 30 * SEC, groupIntervalMs: MIN } });
    const [a1, b1, a2, c1] = [
      alert('A', { team: 'core', n: '1' }),
      alert('B', { team: 'core' }),
      alert('A', { team: 'core', n: '2' }),
      alert('C', { team: 'core' }),
    ] as [Alert, Alert, Alert, Alert];
    await evaluate(d, (i) => (i < 3 ? [a1, b1] : [a1, b1, a2, c1]), 11 * MIN);
    // 30s: A and B each take their rule's token. 1m30s: A2 and C1 are news; A's token is gone, so A2 is held and
    // C1 goes out with what the channel already knew. 10m30s: A's token is back, A2 goes out.
    expect(hook.summary()).toEqual([
      [30, 'firing', ['A:firing', 'B:firing']],
      [90, 'firing', ['A:firing', 'B:firing', 'C:firing']],
      [630, 'firing', ['A:firing', 'B:firing', 'A:firing', 'C:firing']],
    ]);
    // Held at each flush from 1m30s to 9m30s.
    expect(suppressed).toEqual({ rate_limited: 9 });
    expect(d.explain(a2, new Date()).reasons).toEqual([]);
  });
});
