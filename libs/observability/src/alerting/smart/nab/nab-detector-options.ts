import { type AnomalyDetectorOptions } from '../anomaly-detector.options.js';

/**
 * The options `npm run eval:anomaly` scores: the defaults (chosen on the shipped NAB subset only, as its README asks)
 * with a daily pattern.
 */
export const NAB_DETECTOR_OPTIONS: AnomalyDetectorOptions = { seasonality: { periodMs: 86_400_000 } };
