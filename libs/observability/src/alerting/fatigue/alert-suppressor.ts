import type { Alert, AlertSuppression, SuppressionReason } from '../interfaces/alert.interface.js';
import type { FlapHold } from './flap-hold.js';
import type { InhibitionIndex, Inhibitor } from './inhibitor.js';

/** Decides whether an alert's labels are muted at a time (the silence store implements it). */
export interface AlertSilencer {
  isSilenced(labels: Readonly<Record<string, string>>, at: number): boolean;
  /** Ids of the silences muting these labels at `at`. */
  silencedBy?(labels: Readonly<Record<string, string>>, at: number): string[];
}

/** Receives every suppression, for `<ns>_alerts_suppressed_total{reason}`; `alerts`: how many were held back. */
export type SuppressionListener = (reason: SuppressionReason, alerts: number) => void;

export interface AlertSuppressorOptions {
  readonly silencer?: AlertSilencer;
  readonly inhibitor?: Inhibitor;
  readonly flapHold?: FlapHold;
  readonly onSuppress?: SuppressionListener;
}

/**
 * The mutes that apply to an alert whatever the channel: silences, inhibition (by the alerts firing at the last
 * evaluation) and the flapping hold. It counts each alert once when it becomes silenced or inhibited, and each
 * state change a flapping alert does not notify; it explains an alert's suppression for `GET /alerts`.
 */
export class AlertSuppressor {
  /** The inhibition sources among the alerts firing at the last evaluation. */
  private sources: InhibitionIndex | undefined;
  /** Per firing alert, whether it was silenced / inhibited at the last evaluation (to count each episode once). */
  private muted = new Map<string, { silenced: boolean; inhibited: boolean }>();

  constructor(private readonly options: AlertSuppressorOptions) {}

  /** One evaluation's alerts as the channels should see them (flapping ones held), counting new suppressions. */
  apply(batch: readonly Alert[], at: number): readonly Alert[] {
    let view = batch;
    if (this.options.flapHold) {
      const held = this.options.flapHold.apply(batch, at);
      view = held.view;
      this.count('flapping', held.heldChanges);
    }
    const firing = view.filter((a) => a.state === 'firing');
    const inhibitor = this.options.inhibitor;
    this.sources = inhibitor && !inhibitor.empty ? inhibitor.index(firing) : undefined;
    const muted = new Map<string, { silenced: boolean; inhibited: boolean }>();
    let silenced = 0;
    let inhibited = 0;
    for (const alert of firing) {
      const now = { silenced: this.silenced(alert.labels, at), inhibited: this.inhibitedBy(alert).length > 0 };
      const before = this.muted.get(alert.fingerprint);
      if (now.silenced && !before?.silenced) silenced++;
      if (now.inhibited && !before?.inhibited) inhibited++;
      muted.set(alert.fingerprint, now);
    }
    this.muted = muted;
    this.count('silenced', silenced);
    this.count('inhibited', inhibited);
    return view;
  }

  /** Whether notifications of this alert are muted now (silenced, or inhibited by an alert firing now). */
  isMuted(alert: Alert, at: number): boolean {
    return this.silenced(alert.labels, at) || this.inhibitedBy(alert).length > 0;
  }

  explain(alert: Alert, at: number, extra: { correlatedWith?: string; rateLimited?: boolean } = {}): AlertSuppression {
    const reasons: SuppressionReason[] = [];
    const silencedBy = this.silenced(alert.labels, at) ? this.silenceIds(alert.labels, at) : undefined;
    const inhibitedBy = this.inhibitedBy(alert);
    const flapping = this.options.flapHold?.detector.status(alert.fingerprint);
    if (silencedBy) reasons.push('silenced');
    if (inhibitedBy.length > 0) reasons.push('inhibited');
    if (flapping) reasons.push('flapping');
    if (extra.rateLimited) reasons.push('rate_limited');
    if (extra.correlatedWith) reasons.push('correlated');
    return {
      suppressed: reasons.length > 0,
      reasons,
      ...(silencedBy ? { silencedBy } : {}),
      ...(inhibitedBy.length > 0 ? { inhibitedBy } : {}),
      ...(extra.correlatedWith ? { correlatedWith: extra.correlatedWith } : {}),
      ...(flapping ? { flapping } : {}),
    };
  }

  count(reason: SuppressionReason, alerts: number): void {
    if (alerts > 0) this.options.onSuppress?.(reason, alerts);
  }

  private inhibitedBy(alert: Alert): string[] {
    return this.sources?.inhibitedBy(alert) ?? [];
  }

  private silenceIds(labels: Readonly<Record<string, string>>, at: number): string[] {
    try {
      return this.options.silencer?.silencedBy?.(labels, at) ?? [];
    } catch {
      return [];
    }
  }

  private silenced(labels: Readonly<Record<string, string>>, at: number): boolean {
    try {
      return this.options.silencer?.isSilenced(labels, at) ?? false;
    } catch {
      return false; // a broken silence store must not mute everything
    }
  }
}
