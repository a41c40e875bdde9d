import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { validateObservabilityConfig } from '../config/index.js';
import { MetricsService } from '../metrics/index.js';
import { AlertsService } from './alerts.service.js';
import type { Alert } from './interfaces/alert.interface.js';
import { parseRules } from './rules/parse-rules.js';

describe('AlertsService', () => {
  it('joins an evaluation in progress instead of starting another one', async () => {
    const config = validateObservabilityConfig({ metrics: { default_metrics: false }, alerts: { evaluation_interval: '15s' } });
    const metrics = new MetricsService(config.metrics);
    let collects = 0;
    metrics.gauge({ name: 'slow', help: 'A gauge whose collect takes a while.', collect: () => void collects++ });
    const sent: Alert[][] = [];
    const rules = parseRules('rules:\n  - { name: Slow, condition: app_slow, threshold: -1 }\n', 'rules.yaml');
    const service = new AlertsService(
      config.alerts,
      rules,
      { send: (alerts) => void sent.push([...alerts]) },
      { clock: () => 1_000 },
      metrics,
    );
    await Promise.all([service.evaluate(), service.evaluate()]);
    expect(collects).toBe(1);
    await service.evaluate();
    expect(collects).toBe(2);
    expect(sent.map((batch) => batch.map((a) => a.labels['alertname']))).toEqual([['Slow'], ['Slow']]);
  });

  it('refuses rules without a metrics registry to read', () => {
    const config = validateObservabilityConfig({ alerts: { rules_file: '/etc/alert_rules.yaml' } });
    const rules = parseRules('rules:\n  - { name: Up, condition: up, threshold: 0 }\n', 'rules.yaml');
    expect(() => new AlertsService(config.alerts, rules, { send: () => undefined }, {})).toThrow(
      'AlertingModule has rules (/etc/alert_rules.yaml) but no MetricsService to read samples from: import MetricsModule.forRoot() (or ObservabilityModule) in the same app.',
    );
  });
});
