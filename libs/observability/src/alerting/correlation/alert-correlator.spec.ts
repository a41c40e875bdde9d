import { describe, expect, it } from 'vitest';
import type { Alert } from '../interfaces/alert.interface.js';
import { parseMatcher } from '../silences/silence-matcher.js';
import { AlertCorrelator, onset } from './alert-correlator.js';
import { pearson, seriesCorrelation } from './pearson.js';

const T0 = Date.UTC(2026, 0, 1, 12);
const S = 15_000;

function alert(name: string, labels: Record<string, string>, values: number[], activeStep: number): Alert {
  return {
    fingerprint: name,
    labels: { alertname: name, ...labels },
    annotations: {},
    state: 'firing',
    activeAt: new Date(T0 + activeStep * S),
    firedAt: new Date(T0 + (values.length - 1) * S),
    evidence: { value: values.at(-1)!, threshold: 0, operator: '>', trend: values.map((v, i) => [T0 + i * S, v] as const), traceIds: [] },
  };
}

const correlator = (over: Partial<ConstructorParameters<typeof AlertCorrelator>[0]> = {}) =>
  new AlertCorrelator({ windowMs: 300_000, labels: ['endpoint', 'provider'], minCorrelation: 0.8, minPoints: 5, upstream: [], ...over });

describe('pearson', () => {
  it('matches a hand-computed r and is undefined for a flat series', () => {
    // xs 1..5, ys 2,4,5,4,5: Σdxdy = 6, Σdx² = 10, Σdy² = 6, r = 6 / √60 = 0.7746
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(0.774597, 6);
    expect(pearson([1, 2, 3], [7, 7, 7])).toBeUndefined();
  });
});

describe('AlertCorrelator', () => {
  it('relates alerts that share a configured label value within the window', () => {
    const errors = alert('HighErrorRate', { endpoint: '/api/chat' }, [0, 1], 1);
    const latency = alert('HighLatency', { endpoint: '/api/chat' }, [5, 5], 1);
    expect(correlator().relate(errors, latency)).toEqual({ by: 'labels', labels: { endpoint: '/api/chat' } });
    expect(correlator().relate(errors, alert('Other', { endpoint: '/api/agents' }, [1, 1], 1))).toBeUndefined();
    const late = { ...latency, firedAt: new Date(T0 + 3_600_000) };
    expect(correlator().relate(errors, late)).toBeUndefined();
  });

  it("relates a provider's health step to an error rate that rose with it, though they share no label", () => {
    // The provider's own trend is flat (its window starts at the drop); the error rate's 2m window shows the rise,
    // one evaluation after the provider went down: r against the provider's active state lagged by one step is
    // 0.976 (0.4 then 0.6 against a step of 1), while the unlagged r is 0.857.
    const flat = alert('LlmProviderUnhealthy', { provider: 'openai' }, [0, 0, 0, 0, 0], 4);
    const provider = { ...flat, evidence: { ...flat.evidence, trend: [4, 5, 6, 7, 8].map((i) => [T0 + i * S, 0] as const) } };
    const errors = alert('HighErrorRate', { endpoint: '/api/chat' }, [0, 0, 0, 0, 0, 0.4, 0.6, 0.6, 0.6], 5);
    expect(seriesCorrelation(provider, errors, 5)).toBeCloseTo(0.976092, 6);
    expect(correlator().relate(provider, errors)).toEqual({ by: 'series', r: 0.976 });
    expect(correlator({ minCorrelation: 0.98 }).relate(provider, errors)).toBeUndefined();
    const unrelated = alert('DiskFull', { endpoint: '/api/x' }, [0.1, 0.5, 0.2, 0.4, 0.3, 0.2, 0.5, 0.1, 0.3], 0);
    expect(correlator({ labels: [] }).relate(unrelated, errors)).toBeUndefined();
  });

  it('names as cause an upstream alert, else the one whose series moved first, else the broader one', () => {
    const provider = alert('LlmProviderUnhealthy', { provider: 'openai' }, [1, 1, 0, 0, 0], 2);
    const errors = alert('HighErrorRate', { endpoint: '/api/chat' }, [0, 0, 0, 0.5, 0.6], 3);
    expect(onset(provider)).toBe(T0 + 2 * S);
    expect(onset(errors)).toBe(T0 + 3 * S);
    expect(correlator().cause([errors, provider])?.fingerprint).toBe('LlmProviderUnhealthy');
    const upstream = correlator({ upstream: [parseMatcher('alertname="HighErrorRate"')] });
    expect(upstream.cause([provider, errors])?.fingerprint).toBe('HighErrorRate');
    const same = alert('Wide', {}, [0, 0, 0, 0.5, 0.6], 3);
    expect(correlator().cause([errors, same])?.fingerprint).toBe('Wide');
  });
});
