import { describe, expect, it, vi } from 'vitest';
import { errorRateAlert, notificationOf, resolvedAlert, TRACE_IDS } from '../../../../../test/helpers/alert-fixtures.js';
import { LogNotifier } from './log-notifier.js';

describe('LogNotifier', () => {
  it('logs a firing notification as one warning with the evidence as fields, a resolution as info', async () => {
    const logger = { log: vi.fn(), warn: vi.fn() };
    const notifier = new LogNotifier({ logger });
    await notifier.send(notificationOf([errorRateAlert()]));
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]![0]).toEqual({
      msg: '[FIRING:1] HighErrorRate',
      group_key: '{}:{alertname="HighErrorRate"}',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: errorRateAlert().labels,
          annotations: errorRateAlert().annotations,
          starts_at: '2026-01-01T12:00:00.000Z',
          value: 0.2,
          threshold: 0.05,
          comparison: '0.2 > 0.05',
          trend: '▁▂▅█ 0.01 → 0.2 over 5m',
          trace_ids: TRACE_IDS,
        },
      ],
    });
    await notifier.send(notificationOf([resolvedAlert(errorRateAlert())]));
    expect(logger.log.mock.calls[0]![0]).toMatchObject({
      msg: '[RESOLVED] HighErrorRate',
      alerts: [{ status: 'resolved', ends_at: '2026-01-01T12:10:00.000Z' }],
    });
  });
});
