import type { Registry } from 'prom-client';

export type ExpositionFormat = 'text' | 'openmetrics';

export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

interface Sample {
  value: number;
  labels?: Record<string, string | number>;
  /** A histogram's series labels (prom-client's `getForPromString`); `labels` then only holds `le`. */
  sharedLabels?: Record<string, string | number>;
  metricName?: string;
  exemplar?: { labelSet: Record<string, string | number>; value: number; timestamp?: number } | null;
}
interface Family {
  name: string;
  help: string;
  type: string;
  values?: Sample[];
}
interface Collectable {
  get(): Promise<Family> | Family;
  getForPromString?(): Promise<Family>;
}

/** Picks the format from a scrape's `Accept` header: OpenMetrics when asked for, the text format otherwise. */
export function negotiateFormat(accept: string | string[] | undefined): ExpositionFormat {
  const value = Array.isArray(accept) ? accept.join(',') : (accept ?? '');
  return value.includes('application/openmetrics-text') ? 'openmetrics' : 'text';
}

/**
 * Renders a registry in the Prometheus text format (0.0.4) or OpenMetrics 1.0 (which carries exemplars and names
 * counter families without `_total`). prom-client's own OpenMetrics mode renames counters in place, which would
 * corrupt every later text scrape of the same registry; this renderer only reads. Label sets are formatted once
 * per series and remembered by identity, which keeps large expositions cheap.
 */
export class ExpositionRenderer {
  private readonly labelCache = new WeakMap<object, string>();

  /** Several registries are served one after the other; a name already served by an earlier one is left out. */
  async render(registries: Registry | readonly Registry[], format: ExpositionFormat): Promise<string> {
    const metrics = uniqueByName(Array.isArray(registries) ? registries : [registries as Registry]);
    const families = await Promise.all(
      metrics.map(async (m) => {
        try {
          return await (m.getForPromString ? m.getForPromString() : m.get());
        } catch {
          // One failing collect() must not cost the scrape every other metric.
          return undefined;
        }
      }),
    );
    const out: string[] = [];
    for (const family of families) if (family) this.family(family, format, out);
    if (format === 'openmetrics') out.push('# EOF');
    return `${out.join('\n')}\n`;
  }

  private family(family: Family, format: ExpositionFormat, out: string[]): void {
    const om = format === 'openmetrics';
    const isCounter = family.type === 'counter';
    const name = om && isCounter ? family.name.replace(/_total$/, '') : family.name;
    const type = om && family.type === 'untyped' ? 'unknown' : family.type;
    out.push(`# HELP ${name} ${om ? escapeLabel(family.help) : escapeHelp(family.help)}`, `# TYPE ${name} ${type}`);
    for (const sample of family.values ?? []) {
      const metricName = sample.metricName ?? (om && isCounter ? `${name}_total` : family.name);
      let line = `${metricName}${this.labels(sample)} ${formatValue(sample.value)}`;
      const exemplar = sample.exemplar;
      if (om && exemplar && exemplar.labelSet) {
        line += ` # {${formatLabels(exemplar.labelSet)}} ${formatValue(exemplar.value)}`;
        if (exemplar.timestamp !== undefined) line += ` ${exemplar.timestamp}`;
      }
      out.push(line);
    }
  }

  private labels(sample: Sample): string {
    const shared = sample.sharedLabels ? this.cached(sample.sharedLabels) : '';
    const own = sample.labels ? (sample.sharedLabels ? formatLabels(sample.labels) : this.cached(sample.labels)) : '';
    const all = shared && own ? `${shared},${own}` : shared || own;
    return all ? `{${all}}` : '';
  }

  private cached(labels: Record<string, string | number>): string {
    let text = this.labelCache.get(labels);
    if (text === undefined) {
      text = formatLabels(labels);
      this.labelCache.set(labels, text);
    }
    return text;
  }
}

function uniqueByName(registries: readonly Registry[]): Collectable[] {
  if (registries.length === 1) return registries[0]!.getMetricsAsArray() as unknown as Collectable[];
  const seen = new Set<string>();
  const out: Collectable[] = [];
  for (const registry of registries) {
    for (const metric of registry.getMetricsAsArray()) {
      const name = (metric as unknown as { name: string }).name;
      if (seen.has(name)) continue;
      seen.add(name);
      out.push(metric as unknown as Collectable);
    }
  }
  return out;
}

function formatLabels(labels: Record<string, string | number>): string {
  let text = '';
  for (const key in labels) {
    const value = labels[key];
    if (value === undefined) continue;
    text += `${text ? ',' : ''}${key}="${escapeLabel(typeof value === 'number' ? formatValue(value) : String(value))}"`;
  }
  return text;
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function escapeLabel(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
