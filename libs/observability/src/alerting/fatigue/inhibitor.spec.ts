import { describe, expect, it } from 'vitest';
import type { Alert } from '../interfaces/alert.interface.js';
import { Inhibitor } from './inhibitor.js';

function alert(labels: Record<string, string>): Alert {
  return {
    fingerprint: JSON.stringify(labels),
    labels,
    annotations: {},
    state: 'firing',
    activeAt: new Date(0),
    evidence: { value: 1, threshold: 0, operator: '>', trend: [], traceIds: [] },
  };
}

describe('Inhibitor', () => {
  const inhibitor = new Inhibitor([
    { source_matchers: ['alertname="ProviderDown"'], target_matchers: ['severity=~"warning|info"'], equal: ['provider'] },
  ]);
  const source = alert({ alertname: 'ProviderDown', severity: 'critical', provider: 'openai' });

  it('inhibits targets whose equal labels match a firing source, naming the source', () => {
    const target = alert({ alertname: 'SlowChat', severity: 'warning', provider: 'openai' });
    expect(inhibitor.inhibitedBy(target, [source])).toEqual([source.fingerprint]);
    expect(inhibitor.inhibitedBy(alert({ ...target.labels, provider: 'anthropic' }), [source])).toEqual([]);
    expect(inhibitor.inhibitedBy(alert({ ...target.labels, severity: 'critical' }), [source])).toEqual([]);
    expect(inhibitor.inhibitedBy(target, [])).toEqual([]);
  });

  it('treats a label missing on both sides as equal, never lets an alert inhibit itself or two alerts inhibit each other', () => {
    const both = new Inhibitor([{ source_matchers: ['team="core"'], target_matchers: ['team="core"'], equal: ['zone'] }]);
    const a = alert({ alertname: 'A', team: 'core' });
    const b = alert({ alertname: 'B', team: 'core' });
    expect(both.inhibitedBy(a, [a, b])).toEqual([]);
    const wide = new Inhibitor([{ source_matchers: ['alertname="A"'], target_matchers: ['alertname="B"'], equal: ['zone'] }]);
    expect(wide.inhibitedBy(b, [a])).toEqual([a.fingerprint]);
  });

  it('names the field of a matcher that does not parse', () => {
    expect(() => new Inhibitor([{ source_matchers: ['a="x"'], target_matchers: ['b=~"("'], equal: [] }])).toThrow(
      'observability.alerts.inhibit_rules[0].target_matchers[0]: "(" is not a valid regular expression',
    );
  });
});
