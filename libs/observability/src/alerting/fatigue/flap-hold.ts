import type { Alert } from '../interfaces/alert.interface.js';
import { isResolved } from '../notifiers/notifier.interface.js';
import type { FlapDetector } from '../state/flap-detector.js';

/**
 * Holds flapping alerts as firing: while an alert flaps, its resolutions and re-firings are not passed on — the
 * channels see one firing alert marked `flapping` (with its change count), so they get one notification instead of
 * one per change. When it stops flapping it is passed on as it is: still firing, or resolved at that evaluation.
 */
export class FlapHold {
  /** The last firing form of each flapping alert. */
  private readonly held = new Map<string, Alert>();

  constructor(readonly detector: FlapDetector) {}

  /** One evaluation's alerts as the channels should see them, and how many state changes were held back. */
  apply(batch: readonly Alert[], at: number): { view: Alert[]; heldChanges: number } {
    const firing = new Set(batch.filter((a) => a.state === 'firing').map((a) => a.fingerprint));
    const heldChanges = this.detector.observe(at, firing).length;
    const view: Alert[] = [];
    const seen = new Set<string>();
    for (const alert of batch) {
      seen.add(alert.fingerprint);
      const flapping = this.detector.status(alert.fingerprint);
      if (!flapping) {
        this.held.delete(alert.fingerprint);
        view.push(alert);
        continue;
      }
      const last = isResolved(alert) ? (this.held.get(alert.fingerprint) ?? firingForm(alert)) : alert;
      this.held.set(alert.fingerprint, last);
      view.push({ ...last, flapping });
    }
    for (const [fp, last] of this.held) {
      if (seen.has(fp)) continue;
      const flapping = this.detector.status(fp);
      if (flapping) view.push({ ...last, flapping });
      else {
        this.held.delete(fp);
        view.push({ ...last, state: 'inactive', resolvedAt: new Date(at) });
      }
    }
    return { view, heldChanges };
  }
}

function firingForm(alert: Alert): Alert {
  const { resolvedAt: _resolved, ...rest } = alert;
  return { ...rest, state: 'firing' };
}
