import type { LokiNotice } from './loki-protocol.js';
import type { LokiReport } from './loki-transport.js';

export const LOKI_STOPPED = 'loki shipping stopped';
export const LOKI_STOPPED_WITH_DROPS = (report: LokiReport): string => {
  const dropped = Object.entries(report.dropped)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  return `loki shipping stopped: ${report.sent} of ${report.produced} log entries sent, dropped ${dropped}`;
};
type Failing = Extract<LokiNotice, { kind: 'failing' }>;
type Recovered = Extract<LokiNotice, { kind: 'recovered' }>;

export const LOKI_FAILING = (notice: Failing): string =>
  `loki push failing (${notice.error}): buffering up to ${notice.maxEntries} log entries ` +
  `(${+(notice.maxBytes / 1_048_576).toFixed(1)} MiB) and retrying with backoff; when full, the oldest are dropped`;
export const LOKI_RECOVERED = (notice: Recovered): string => {
  const drops = Object.entries(notice.dropped).filter(([, n]) => n > 0);
  const total = drops.reduce((sum, [, n]) => sum + n, 0);
  const lost = total === 0 ? 'no log entries lost' : `${total} log entries dropped (${drops.map(([r, n]) => `${n} ${r}`).join(', ')})`;
  const failed = `${notice.failedRequests} failed ${notice.failedRequests === 1 ? 'push' : 'pushes'}`;
  return `loki push recovered after ${(notice.outageMs / 1_000).toFixed(1)} s (${failed}): ${lost}`;
};
export const LOKI_WORKER_FAILED = (problem: string): string =>
  `loki shipping worker failed: ${problem}; log lines now reach only the local destination`;
