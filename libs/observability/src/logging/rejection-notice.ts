import type { ClientRejection } from '../context/index.js';

import { REJECTION_NOTICE_MSG } from './logging.messages.js';

export { REJECTION_NOTICE_MSG };

/**
 * Turns requests Node's parser refused (oversized headers, malformed request lines) into at most one log line per
 * window: the first at once, then the ones refused since, on the first refusal after the window. A flood of bad
 * requests cannot flood the log; the exact count is the metric's.
 */
export class RejectionNotice {
  private counts: Record<string, number> = {};
  private pending = 0;
  private lastLineAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly emit: (fields: Record<string, unknown>) => void,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  note(rejection: ClientRejection): void {
    const key = `${rejection.status} ${rejection.reason}`;
    this.counts[key] = (this.counts[key] ?? 0) + 1;
    this.pending++;
    const now = this.now();
    if (now - this.lastLineAt < this.windowMs) return;
    this.emit({ refused: this.counts, total: this.pending, next_line_after_s: this.windowMs / 1_000, msg: REJECTION_NOTICE_MSG });
    this.counts = {};
    this.pending = 0;
    this.lastLineAt = now;
  }
}
