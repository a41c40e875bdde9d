import type { Registry } from 'prom-client';
import { METRIC_NAME } from '../promql/labels.js';
import type { ScrapedSample } from './sample-store.js';

interface MetricValue {
  value: number;
  labels?: Record<string, string | number>;
  metricName?: string;
  exemplar?: { labelSet?: Record<string, string | number>; value: number; timestamp?: number } | null;
}

/**
 * Every sample of `registry` as the exposition would show it (histograms as `_bucket{le}`, `_sum`, `_count`), with
 * the trace id of each bucket's exemplar. A metric whose collect() throws is skipped, not the whole read.
 */
export async function readRegistry(registry: Registry): Promise<ScrapedSample[]> {
  const families = await Promise.all(
    registry.getMetricsAsArray().map(async (metric) => {
      try {
        return await (metric as unknown as { get(): Promise<{ name: string; values: MetricValue[] }> }).get();
      } catch {
        return undefined;
      }
    }),
  );
  const out: ScrapedSample[] = [];
  for (const family of families) {
    if (!family) continue;
    for (const v of family.values) {
      const labels: Record<string, string> = { [METRIC_NAME]: v.metricName ?? family.name };
      for (const [name, value] of Object.entries(v.labels ?? {})) labels[name] = String(value);
      const traceId = v.exemplar?.labelSet?.['trace_id'];
      const exemplar = v.exemplar && traceId !== undefined ? { traceId: String(traceId), value: v.exemplar.value } : undefined;
      out.push({ labels, value: v.value, ...(exemplar ? { exemplar } : {}) });
    }
  }
  return out;
}
