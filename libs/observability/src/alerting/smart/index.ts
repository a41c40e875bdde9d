export { AnomalyDetector, type AnomalyPoint } from './anomaly-detector.js';
export {
  ANOMALY_DETECTOR_DEFAULTS,
  SEASONALITY_DEFAULTS,
  type AnomalyDetectorOptions,
  type SeasonalityOptions,
  resolveAnomalyDetectorOptions,
} from './anomaly-detector.options.js';
