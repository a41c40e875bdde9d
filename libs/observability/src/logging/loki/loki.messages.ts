import type { LokiReport } from './loki-transport.js';

export const LOKI_STOPPED = 'loki shipping stopped';
export const LOKI_STOPPED_WITH_DROPS = (report: LokiReport): string => {
  const dropped = Object.entries(report.dropped)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  return `loki shipping stopped: ${report.sent} of ${report.produced} log entries sent, dropped ${dropped}`;
};
export const LOKI_WORKER_FAILED = (problem: string): string =>
  `loki shipping worker failed: ${problem}; log lines now reach only the local destination`;
