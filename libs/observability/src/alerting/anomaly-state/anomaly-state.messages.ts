export const STATE_FILE_UNUSABLE = 'anomaly state file cannot be used; the anomaly baselines start afresh and warm up again';

export const STATE_VERSION_CHANGED =
  'service.version changed since the anomaly baselines were saved (a deploy): they start afresh and warm up again';

export const STATE_RESTORED = 'anomaly baselines restored from the state file';

export const STATE_WRITE_FAILED =
  'anomaly state file cannot be written; the baselines stay in memory and writing is retried every alerts.anomaly.save_interval';

export const STATE_WRITE_RECOVERED = 'anomaly state file written again';

export const ANOMALY_SERIES_FULL = (rule: string, max: number) =>
  `anomaly rule ${rule}: ${max} series are tracked (alerts.anomaly.max_series); further series are not scored until some go away`;
