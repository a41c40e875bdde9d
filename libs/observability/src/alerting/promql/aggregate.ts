import type { Aggregate } from './ast.js';
import { keyWithout, METRIC_NAME, type Labels } from './labels.js';
import type { LabelDerivations, Vec } from './vector.js';

/** Which group each input sample falls in, and each group's labels (in order of first appearance). */
interface Groups {
  readonly of: Int32Array;
  readonly labels: readonly Labels[];
}

/** `sum/avg/min/max/count by|without (...)`: one output sample per group, labelled with the grouping labels. */
export function aggregate(node: Aggregate, input: Vec, derived: LabelDerivations): Vec {
  const { of, labels } = derived.get(node, input.labels, undefined, () => groupsOf(node, input.labels));
  const values = input.values;
  const n = values.length;
  const out = new Float64Array(labels.length);
  switch (node.op) {
    case 'sum':
      for (let i = 0; i < n; i++) out[of[i]!] = out[of[i]!]! + values[i]!;
      break;
    case 'count':
      for (let i = 0; i < n; i++) out[of[i]!] = out[of[i]!]! + 1;
      break;
    case 'avg': {
      const counts = new Float64Array(labels.length);
      for (let i = 0; i < n; i++) {
        const g = of[i]!;
        out[g] = out[g]! + values[i]!;
        counts[g] = counts[g]! + 1;
      }
      for (let g = 0; g < out.length; g++) out[g] = out[g]! / counts[g]!;
      break;
    }
    case 'min':
    case 'max': {
      // min and max skip NaN unless every value is NaN, as Prometheus's do.
      const max = node.op === 'max';
      out.fill(NaN);
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        const current = out[of[i]!]!;
        if (Number.isNaN(current) || (max ? v > current : v < current)) out[of[i]!] = v;
      }
      break;
    }
  }
  return { labels, values: out };
}

function groupsOf(node: Aggregate, input: readonly Labels[]): Groups {
  const names = node.without ? node.grouping : [...node.grouping].sort();
  const index = new Map<string, number>();
  const labels: Labels[] = [];
  const of = new Int32Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const key = groupKey(input[i]!, names, node.without);
    let group = index.get(key);
    if (group === undefined) {
      index.set(key, (group = labels.length));
      labels.push(groupLabels(input[i]!, node.grouping, node.without));
    }
    of[i] = group;
  }
  return { of, labels };
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

/** The group's key: `names` are the `by` labels sorted, or the `without` labels. */
function groupKey(labels: Labels, names: readonly string[], without: boolean): string {
  if (without) return keyWithout(labels, names);
  let key = '';
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined && value !== '') key += `${name}\xff${value}\xfe`;
  }
  return key;
}
