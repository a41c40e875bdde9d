import type { NotificationDropReason } from './notifiers.types.js';

function listDrops(dropped: Readonly<Partial<Record<NotificationDropReason, number>>>): string {
  return Object.entries(dropped)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
}

export const CHANNEL_FAILING = (channel: string, error: string, queueSize: number, maxAttempts: number): string =>
  `alert notifications to "${channel}" are failing (${error}); each one is retried with backoff up to ${maxAttempts} attempts ` +
  `and up to ${queueSize} wait in this channel's queue (the oldest dropped beyond that); other channels and the app are not affected`;

export const CHANNEL_RECOVERED = (
  channel: string,
  downMs: number,
  dropped: Readonly<Partial<Record<NotificationDropReason, number>>>,
): string => {
  const lost = listDrops(dropped);
  return `alert notifications to "${channel}" recovered after ${Math.round(downMs / 1000)}s; ${lost ? `lost meanwhile: ${lost}` : 'none lost'}`;
};

export const CHANNEL_CLOSED_WITH_LOSS = (channel: string, lost: number): string =>
  `alert notifications to "${channel}" stopped at shutdown with ${lost} notification(s) undelivered`;

export const DISPATCH_FAILED = (error: string): string => `alert notification dispatch failed (${error}); alerts keep being evaluated`;
