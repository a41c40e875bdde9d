import type { Alert, CorrelationReason } from '../interfaces/alert.interface.js';
import { alertTitle } from '../notifiers/evidence-format.js';
import { isResolved } from '../notifiers/notifier.interface.js';
import type { AlertCorrelator } from './alert-correlator.js';

/**
 * Marks the alerts of a group that correlation joined: the likely cause first, then every other alert with why it
 * is reported under it (related to the cause directly, else the reason it joined, else the group's own labels).
 * A group nothing joined is returned as it is.
 */
export function annotateCorrelation(
  alerts: readonly Alert[],
  correlator: AlertCorrelator,
  joined: ReadonlyMap<string, CorrelationReason>,
  groupLabels: Readonly<Record<string, string>>,
): { alerts: readonly Alert[]; cause?: Alert } {
  if (alerts.length < 2 || !alerts.some((a) => joined.has(a.fingerprint))) return { alerts };
  const firing = alerts.filter((a) => !isResolved(a));
  const cause = correlator.cause(firing.length > 0 ? firing : alerts);
  if (!cause) return { alerts };
  const named = { fingerprint: cause.fingerprint, title: alertTitle(cause) };
  const effects = alerts
    .filter((a) => a !== cause)
    .map((alert): Alert => ({
      ...alert,
      correlation: {
        role: 'effect',
        cause: named,
        reason: correlator.relate(cause, alert) ?? joined.get(alert.fingerprint) ?? { by: 'group', labels: { ...groupLabels } },
      },
    }));
  const causeAlert: Alert = { ...cause, correlation: { role: 'cause', cause: named, effects: effects.map(alertTitle) } };
  return { alerts: [causeAlert, ...effects], cause: causeAlert };
}
