import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../interfaces/alert.interface.js';
import { NotificationDispatcher, type NotificationDispatcherOptions } from './notification-dispatcher.js';
import { NotifyError, type Notification, type Notifier } from './notifier.interface.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const SEC = 1_000;
const MIN = 60 * SEC;

function alert(name: string, extra: Record<string, string> = {}, over: Partial<Alert> = {}): Alert {
  const labels = { alertname: name, severity: 'critical', ...extra };
  return {
    fingerprint: JSON.stringify(labels),
    labels,
    annotations: { summary: `${name} is firing` },
    state: 'firing',
    activeAt: new Date(Date.now()),
    firedAt: new Date(Date.now()),
    evidence: { value: 0.2, threshold: 0.05, operator: '>', trend: [[Date.now(), 0.2]], traceIds: ['4bf92f3577b34da6a3ce929d0e0e4736'] },
    ...over,
  };
}

function resolved(a: Alert): Alert {
  return { ...a, state: 'inactive', resolvedAt: new Date(Date.now()) };
}

class Recorder implements Notifier {
  readonly received: Array<{ at: number; notification: Notification }> = [];
  failures: Array<Error> = [];
  hang = false;
  constructor(
    readonly name: string,
    readonly mode: 'grouped' | 'forward' = 'grouped',
    readonly sendResolved = true,
  ) {}
  send(notification: Notification, signal: AbortSignal): Promise<void> {
    if (this.hang) return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    this.received.push({ at: Date.now() - T0, notification });
    return Promise.resolve();
  }
  summary(): Array<[number, string, string[]]> {
    return this.received.map(({ at, notification }) => [
      at,
      notification.status,
      notification.alerts.map(
        (a) => `${a.labels.alertname}${a.labels.route ? `@${a.labels.route}` : ''}:${a.resolvedAt ? 'resolved' : 'firing'}`,
      ),
    ]);
  }
}

function logger() {
  return { log: vi.fn(), warn: vi.fn() };
}

function dispatcher(notifiers: Notifier[], extra: Partial<NotificationDispatcherOptions> = {}) {
  const log = logger();
  const drops: Array<[string, string, number]> = [];
  const d = new NotificationDispatcher({
    notifiers,
    logger: log,
    random: () => 0,
    onDrop: (channel, reason, alerts) => drops.push([channel, reason, alerts]),
    ...extra,
  });
  return { d, log, drops };
}

/** Sends `alerts` every 15 s (as the evaluator does) from now until `untilMs` after T0. */
async function evaluate(d: NotificationDispatcher, alerts: () => Alert[], untilMs: number): Promise<void> {
  while (Date.now() - T0 < untilMs) {
    d.send(alerts(), new Date(Date.now()));
    await vi.advanceTimersByTimeAsync(15 * SEC);
  }
}

describe('NotificationDispatcher', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits group_wait for a new group, then sends its alerts in one notification', async () => {
    const slack = new Recorder('slack');
    const { d } = dispatcher([slack]);
    const a = alert('HighErrorRate', { route: '/api/chat' });
    d.send([a], new Date());
    await vi.advanceTimersByTimeAsync(10 * SEC);
    const b = alert('HighErrorRate', { route: '/api/agents' });
    d.send([a, b], new Date());
    await vi.advanceTimersByTimeAsync(19_999);
    expect(slack.received).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(slack.summary()).toEqual([[30 * SEC, 'firing', ['HighErrorRate@/api/chat:firing', 'HighErrorRate@/api/agents:firing']]]);
    const n = slack.received[0]!.notification;
    expect(n.groupKey).toBe('{}:{alertname="HighErrorRate"}');
    expect(n.groupLabels).toEqual({ alertname: 'HighErrorRate' });
    expect(n.commonLabels).toEqual({ alertname: 'HighErrorRate', severity: 'critical' });
    expect(n.receiver).toBe('slack');
    expect(n.alerts[0]!.evidence.traceIds).toEqual(['4bf92f3577b34da6a3ce929d0e0e4736']);
  });

  it('does not notify a group again while its last notification to that channel is still being delivered', async () => {
    // A slow receiver: each send takes 7 minutes, longer than group_interval (5m).
    class Slow extends Recorder {
      override send(notification: Notification): Promise<void> {
        return new Promise((resolve) =>
          setTimeout(() => {
            this.received.push({ at: Date.now() - T0, notification });
            resolve();
          }, 7 * MIN),
        );
      }
    }
    const slow = new Slow('webhook');
    const { d } = dispatcher([slow], { retry: { timeoutMs: 10 * MIN } });
    const a = alert('HighErrorRate');
    await evaluate(d, () => [a], 12 * MIN);
    // Sent at 30s, answered at 7m30s; the flush at 5m30s saw it in flight and sent nothing; nothing changed since.
    expect(slow.summary()).toEqual([[7 * MIN + 30 * SEC, 'firing', ['HighErrorRate:firing']]]);
    await evaluate(d, () => [resolved(a)], 30 * MIN);
    expect(slow.summary().map(([, status]) => status)).toEqual(['firing', 'resolved']);
  });

  it('groups by the group_by labels: other values, other notifications', async () => {
    const hook = new Recorder('webhook');
    const { d } = dispatcher([hook], { grouping: { groupBy: ['alertname', 'route'] } });
    d.send(
      [alert('HighErrorRate', { route: '/a' }), alert('HighErrorRate', { route: '/b' }), alert('SlowP99', { route: '/a' })],
      new Date(),
    );
    await vi.advanceTimersByTimeAsync(30 * SEC);
    expect(hook.received.map((r) => r.notification.groupKey).sort()).toEqual([
      '{}:{alertname="HighErrorRate",route="/a"}',
      '{}:{alertname="HighErrorRate",route="/b"}',
      '{}:{alertname="SlowP99",route="/a"}',
    ]);
  });

  it('notifies an alert added to a notified group at the next group_interval, not after group_wait', async () => {
    const hook = new Recorder('webhook');
    const { d } = dispatcher([hook]);
    const a = alert('HighErrorRate', { route: '/a' });
    const b = alert('HighErrorRate', { route: '/b' });
    await evaluate(d, () => [a], 60 * SEC);
    await evaluate(d, () => [a, b], 6 * MIN);
    expect(hook.summary()).toEqual([
      [30 * SEC, 'firing', ['HighErrorRate@/a:firing']],
      [330 * SEC, 'firing', ['HighErrorRate@/a:firing', 'HighErrorRate@/b:firing']],
    ]);
  });

  it('repeats an unchanged group only after repeat_interval', async () => {
    const hook = new Recorder('webhook');
    const { d } = dispatcher([hook], { grouping: { repeatIntervalMs: 60 * MIN } });
    const a = alert('HighErrorRate');
    await evaluate(d, () => [a], 61 * MIN);
    // First at group_wait; again at the first group_interval tick at least an hour later (30 s + 12 × 5 min).
    expect(hook.received.map((r) => r.at)).toEqual([30 * SEC, 30 * SEC + 60 * MIN]);
  });

  it('sends the resolution at the next group_interval, then forgets the group', async () => {
    const hook = new Recorder('webhook');
    const { d } = dispatcher([hook]);
    const a = alert('HighErrorRate');
    await evaluate(d, () => [a], 2 * MIN);
    d.send([resolved(a)], new Date());
    await evaluate(d, () => [], 6 * MIN);
    expect(hook.summary()).toEqual([
      [30 * SEC, 'firing', ['HighErrorRate:firing']],
      [330 * SEC, 'resolved', ['HighErrorRate:resolved']],
    ]);
    expect(hook.received[1]!.notification.alerts[0]!.resolvedAt).toEqual(new Date(T0 + 2 * MIN));
    // Firing again later is a new group: group_wait again.
    const again = alert('HighErrorRate');
    await evaluate(d, () => [again], 7 * MIN);
    expect(hook.received.map((r) => r.at).slice(2)).toEqual([6 * MIN + 30 * SEC]);
  });

  it('leaves resolutions out for a channel with send_resolved false, and still forgets the group', async () => {
    const email = new Recorder('email', 'grouped', false);
    const { d } = dispatcher([email]);
    const a = alert('HighErrorRate');
    await evaluate(d, () => [a], 2 * MIN);
    d.send([resolved(a)], new Date());
    await evaluate(d, () => [], 6 * MIN);
    const again = alert('HighErrorRate');
    await evaluate(d, () => [again], 7 * MIN);
    expect(email.summary()).toEqual([
      [30 * SEC, 'firing', ['HighErrorRate:firing']],
      [6 * MIN + 30 * SEC, 'firing', ['HighErrorRate:firing']],
    ]);
  });

  it('treats a firing alert the evaluator stopped sending as resolved after resolve_timeout', async () => {
    const hook = new Recorder('webhook');
    const { d } = dispatcher([hook], { grouping: { resolveTimeoutMs: 2 * MIN } });
    const a = alert('HighErrorRate');
    await evaluate(d, () => [a], 1 * MIN);
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(hook.summary()).toEqual([
      [30 * SEC, 'firing', ['HighErrorRate:firing']],
      [330 * SEC, 'resolved', ['HighErrorRate:resolved']],
    ]);
    expect(hook.received[1]!.notification.alerts[0]!.resolvedAt).toEqual(new Date(T0 + 45 * SEC + 2 * MIN));
  });

  it('flushes at once an alert already firing for longer than group_wait', async () => {
    const hook = new Recorder('webhook');
    const { d } = dispatcher([hook]);
    await vi.advanceTimersByTimeAsync(5 * MIN);
    d.send([alert('HighErrorRate', {}, { firedAt: new Date(T0) })], new Date());
    await vi.advanceTimersByTimeAsync(0);
    expect(hook.received.map((r) => r.at)).toEqual([5 * MIN]);
  });

  it('never notifies pending alerts nor silenced ones', async () => {
    const hook = new Recorder('webhook');
    const silencer = { isSilenced: (labels: Readonly<Record<string, string>>) => labels.route === '/muted' };
    const { d } = dispatcher([hook], { silencer });
    d.send(
      [
        alert('HighErrorRate', { route: '/muted' }),
        alert('SlowP99', {}, { state: 'pending', firedAt: undefined }),
        alert('HighErrorRate', { route: '/a' }),
      ],
      new Date(),
    );
    await vi.advanceTimersByTimeAsync(30 * SEC);
    expect(hook.summary()).toEqual([[30 * SEC, 'firing', ['HighErrorRate@/a:firing']]]);
  });

  it('keeps delivering to healthy channels while one fails, retries it after Retry-After, and logs once each way', async () => {
    const slack = new Recorder('slack');
    const hook = new Recorder('webhook');
    slack.failures = [
      new NotifyError('slack: hooks.slack.com answered 429', true, 7 * SEC),
      new NotifyError('slack: hooks.slack.com answered 503', true),
    ];
    const { d, log } = dispatcher([slack, hook]);
    d.send([alert('HighErrorRate')], new Date());
    await vi.advanceTimersByTimeAsync(30 * SEC);
    expect(hook.received.map((r) => r.at)).toEqual([30 * SEC]);
    expect(slack.received).toEqual([]);
    // 429 → Retry-After 7 s; then 503 → backoff for the second retry: 2 × 1 s (no jitter here).
    await vi.advanceTimersByTimeAsync(9 * SEC - 1);
    expect(slack.received).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(slack.received.map((r) => r.at)).toEqual([39 * SEC]);
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0]![0]).toEqual({
      channel: 'slack',
      msg:
        'alert notifications to "slack" are failing (slack: hooks.slack.com answered 429); each one is retried with backoff up to 8 attempts ' +
        "and up to 100 wait in this channel's queue (the oldest dropped beyond that); other channels and the app are not affected",
    });
    expect(log.log).toHaveBeenCalledTimes(1);
    expect(log.log.mock.calls[0]![0]).toEqual({ channel: 'slack', msg: 'alert notifications to "slack" recovered after 9s; none lost' });
  });

  it('drops what a channel rejects or cannot deliver within max attempts, counts it and says so on recovery', async () => {
    const hook = new Recorder('webhook');
    const { d, log, drops } = dispatcher([hook], { retry: { maxAttempts: 3, minBackoffMs: 1_000 }, grouping: { groupBy: ['...'] } });
    hook.failures = [
      new NotifyError('webhook: example.com answered 400', false),
      ...[1, 2, 3].map(() => new NotifyError('webhook: example.com answered 502', true)),
    ];
    d.send([alert('A')], new Date());
    await vi.advanceTimersByTimeAsync(30 * SEC);
    d.send([alert('A'), alert('B')], new Date());
    await vi.advanceTimersByTimeAsync(40 * SEC);
    expect(drops).toEqual([
      ['webhook', 'rejected', 1],
      ['webhook', 'retries_exhausted', 1],
    ]);
    expect(d.stats().webhook!.dropped).toEqual({ queue_full: 0, rejected: 1, retries_exhausted: 1, shutdown: 0 });
    expect(log.warn).toHaveBeenCalledTimes(1);
    // The notification log still lacks both alerts, so the next group_interval tries again and succeeds.
    await evaluate(d, () => [alert('A'), alert('B')], 6 * MIN);
    expect(hook.summary()).toEqual([
      [330 * SEC, 'firing', ['A:firing']],
      [360 * SEC, 'firing', ['B:firing']],
    ]);
    expect(log.log.mock.calls[0]![0].msg).toBe(
      'alert notifications to "webhook" recovered after 300s; lost meanwhile: 1 rejected, 1 retries_exhausted',
    );
  });

  it('bounds a stuck channel: the oldest waiting notification is dropped, a newer one of the same group replaces the older', async () => {
    const hook = new Recorder('webhook');
    hook.hang = true;
    const { d, drops } = dispatcher([hook], { queueSize: 2, retry: { timeoutMs: 60 * MIN }, grouping: { groupBy: ['...'] } });
    d.send([alert('A'), alert('B'), alert('C'), alert('D')], new Date());
    await vi.advanceTimersByTimeAsync(30 * SEC);
    expect(drops).toEqual([
      ['webhook', 'queue_full', 1],
      ['webhook', 'queue_full', 1],
    ]);
    expect(d.stats().webhook).toMatchObject({ queued: 2, delivered: 0 });
  });

  it('never throws into the evaluator, whatever a notifier or the silencer does', async () => {
    const broken: Notifier = {
      name: 'broken',
      send: () => {
        throw new TypeError('cannot read https://user:hunter2@hooks.example.com/T0/B0/XXXX');
      },
    };
    const { d, log } = dispatcher([broken], {
      silencer: {
        isSilenced: () => {
          throw new Error('store broken');
        },
      },
    });
    expect(() => d.send([alert('A')], new Date())).not.toThrow();
    await vi.advanceTimersByTimeAsync(30 * SEC);
    expect(JSON.stringify(log.warn.mock.calls)).not.toContain('hunter2');
    expect(log.warn.mock.calls[0]![0].msg).toContain('(TypeError)');
  });

  it('survives a logger, a drop counter and a notifier that throw, and keeps delivering', async () => {
    const hook = new Recorder('webhook');
    hook.failures = [
      new NotifyError('webhook: example.com answered 503', true),
      new NotifyError('webhook: example.com answered 400', false),
    ];
    const explode = () => {
      throw new Error('logger down');
    };
    const d = new NotificationDispatcher({
      notifiers: [hook],
      logger: { log: explode, warn: explode },
      onDrop: explode,
      random: () => 0,
      grouping: { groupBy: ['...'] },
    });
    d.send([alert('A')], new Date());
    await vi.advanceTimersByTimeAsync(31 * SEC);
    d.send([alert('A'), alert('B')], new Date());
    await vi.advanceTimersByTimeAsync(31 * SEC);
    d.send([alert('A'), alert('B'), alert('C')], new Date());
    await vi.advanceTimersByTimeAsync(31 * SEC);
    expect(hook.summary().map(([, , alerts]) => alerts)).toEqual([['B:firing'], ['C:firing']]);
    expect(d.stats().webhook).toMatchObject({ delivered: 2, dropped: { rejected: 1 } });
  });

  it('forwards every alert to forward channels, again after resend_delay, and each resolution once', async () => {
    const am = new Recorder('alertmanager', 'forward');
    const { d } = dispatcher([am]);
    const a = alert('HighErrorRate');
    await evaluate(d, () => [a], 2 * MIN);
    d.send([resolved(a)], new Date());
    await vi.advanceTimersByTimeAsync(0);
    expect(am.summary()).toEqual([
      [0, 'firing', ['HighErrorRate:firing']],
      [60 * SEC, 'firing', ['HighErrorRate:firing']],
      [120 * SEC, 'resolved', ['HighErrorRate:resolved']],
    ]);
  });

  it('merges forward batches that wait behind a failing request, keeping resolutions', async () => {
    const am = new Recorder('alertmanager', 'forward');
    am.failures = [new NotifyError('alertmanager: 127.0.0.1:9093 answered 503', true, 20 * SEC)];
    const { d } = dispatcher([am]);
    const a = alert('A');
    const b = alert('B');
    d.send([a, b], new Date());
    await vi.advanceTimersByTimeAsync(15 * SEC);
    d.send([a, resolved(b)], new Date());
    await vi.advanceTimersByTimeAsync(5 * SEC);
    expect(am.summary()).toEqual([[20 * SEC, 'firing', ['A:firing', 'B:resolved']]]);
  });

  it('close() gives queued notifications until the deadline, then drops and reports the rest', async () => {
    const hook = new Recorder('webhook');
    hook.hang = true;
    const { d, log, drops } = dispatcher([hook], { retry: { timeoutMs: 60 * MIN } });
    d.send([alert('A')], new Date());
    await vi.advanceTimersByTimeAsync(30 * SEC);
    const closed = d.close(2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    await closed;
    expect(drops).toEqual([['webhook', 'shutdown', 1]]);
    expect(log.warn.mock.calls.at(-1)![0].msg).toBe(
      'alert notifications to "webhook" stopped at shutdown with 1 notification(s) undelivered',
    );
    d.send([alert('B')], new Date());
    await vi.advanceTimersByTimeAsync(60 * SEC);
    expect(d.stats().webhook!.queued).toBe(0);
  });

  it('refuses two channels with one name', () => {
    expect(() => dispatcher([new Recorder('slack'), new Recorder('slack')])).toThrow(
      'alert notifiers: two channels are named "slack"; names must be unique',
    );
  });
});
