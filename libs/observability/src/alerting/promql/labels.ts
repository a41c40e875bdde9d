/** A series' labels, `__name__` included. Label sets are compared by {@link labelsKey}. */
export type Labels = Readonly<Record<string, string>>;

export const METRIC_NAME = '__name__';

/** A canonical string for a label set: names sorted, separators that cannot occur in valid UTF-8 text. */
export function labelsKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let key = '';
  for (const name of names) key += `${name}\xff${labels[name]}\xfe`;
  return key;
}

/** The key of only `names` (`on`) or of everything but `names` and `__name__` (`ignoring`). */
export function matchingKey(labels: Labels, names: readonly string[], on: boolean): string {
  if (on) {
    let key = '';
    for (const name of [...names].sort()) key += `${name}\xff${labels[name] ?? ''}\xfe`;
    return key;
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) if (name !== METRIC_NAME && !names.includes(name)) out[name] = value;
  return labelsKey(out);
}

export function withoutName(labels: Labels): Labels {
  if (!(METRIC_NAME in labels)) return labels;
  const { [METRIC_NAME]: _name, ...rest } = labels;
  return rest;
}
