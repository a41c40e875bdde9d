import type { Aggregate } from './ast.js';
import { keyWithout, METRIC_NAME, type Labels } from './labels.js';

const SORTED = new WeakMap<readonly string[], readonly string[]>();
import type { Sample } from './values.js';

interface Group {
  labels: Labels;
  sum: number;
  count: number;
  min: number;
  max: number;
}

/** `sum/avg/min/max/count by|without (...)`: one output sample per group, labelled with the grouping labels. */
export function aggregate(node: Aggregate, samples: readonly Sample[]): Sample[] {
  const groups = new Map<string, Group>();
  for (const sample of samples) {
    const key = groupKey(sample.labels, node.grouping, node.without);
    let group = groups.get(key);
    if (!group)
      groups.set(key, (group = { labels: groupLabels(sample.labels, node.grouping, node.without), sum: 0, count: 0, min: NaN, max: NaN }));
    const v = sample.value;
    group.sum += v;
    group.count += 1;
    // min and max skip NaN unless every value is NaN, as Prometheus's do.
    if (Number.isNaN(group.min) || v < group.min) group.min = v;
    if (Number.isNaN(group.max) || v > group.max) group.max = v;
  }
  const out: Sample[] = [];
  for (const group of groups.values()) {
    const value =
      node.op === 'sum'
        ? group.sum
        : node.op === 'avg'
          ? group.sum / group.count
          : node.op === 'count'
            ? group.count
            : node.op === 'min'
              ? group.min
              : group.max;
    out.push({ labels: group.labels, value });
  }
  return out;
}

function groupLabels(labels: Labels, grouping: readonly string[], without: boolean): Labels {
  const out: Record<string, string> = {};
  if (without) {
    for (const [name, value] of Object.entries(labels)) if (name !== METRIC_NAME && !grouping.includes(name)) out[name] = value;
  } else {
    for (const name of grouping) {
      const value = labels[name];
      if (value !== undefined && value !== '') out[name] = value;
    }
  }
  return out;
}

/** The group's key without building its label set (built once per group instead of once per sample). */
function groupKey(labels: Labels, grouping: readonly string[], without: boolean): string {
  if (without) return keyWithout(labels, grouping);
  let names = SORTED.get(grouping);
  if (!names) SORTED.set(grouping, (names = [...grouping].sort()));
  let key = '';
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined && value !== '') key += `${name}\xff${value}\xfe`;
  }
  return key;
}
