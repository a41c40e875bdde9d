import type { AlertsConfig } from '../../config/index.js';
import { AlertCorrelator } from '../correlation/alert-correlator.js';
import type { NotificationDispatcherOptions } from '../notifiers/notification-dispatcher.js';
import { parseMatcher } from '../silences/silence-matcher.js';
import { FlapDetector } from '../state/flap-detector.js';
import { FlapHold } from './flap-hold.js';
import { Inhibitor } from './inhibitor.js';
import { NotificationRateLimiter } from './rate-limiter.js';

/**
 * The dispatcher's suppression stages from `alerts`: inhibit rules, correlation, flap detection and rate limits,
 * each left out when its section turns it off. A matcher that does not parse throws naming its field.
 */
export function fatigueFromConfig(
  config: AlertsConfig,
): Pick<NotificationDispatcherOptions, 'inhibitor' | 'flapHold' | 'correlator' | 'rateLimiter'> {
  const { correlation, flapping, rate_limit: limit } = config;
  return {
    ...(config.inhibit_rules.length > 0 ? { inhibitor: new Inhibitor(config.inhibit_rules) } : {}),
    ...(correlation.enabled
      ? {
          correlator: new AlertCorrelator({
            windowMs: correlation.window,
            labels: correlation.labels,
            minCorrelation: correlation.min_correlation,
            minPoints: correlation.min_points,
            upstream: correlation.upstream.map((text, i) => {
              try {
                return parseMatcher(text);
              } catch (error) {
                throw new Error(`observability.alerts.correlation.upstream[${i}]: ${(error as Error).message}`, { cause: error });
              }
            }),
          }),
        }
      : {}),
    ...(flapping.enabled
      ? {
          flapHold: new FlapHold(
            new FlapDetector({
              history: Math.round(flapping.window / config.evaluation_interval),
              high: flapping.high_threshold,
              low: flapping.low_threshold,
            }),
          ),
        }
      : {}),
    ...(limit.max_notifications > 0 || limit.max_per_rule > 0
      ? {
          rateLimiter: new NotificationRateLimiter({
            windowMs: limit.window,
            global: limit.max_notifications,
            perRule: limit.max_per_rule,
          }),
        }
      : {}),
  };
}
