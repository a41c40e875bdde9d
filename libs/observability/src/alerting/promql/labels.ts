/** A series' labels, `__name__` included. Label sets are compared by {@link labelsKey}. */
export type Labels = Readonly<Record<string, string>>;

export const METRIC_NAME = '__name__';

/** A canonical string for a label set: names sorted, separators that cannot occur in valid UTF-8 text. */
export function labelsKey(labels: Labels): string {
  let key = '';
  for (const name of sortedNames(labels)) key += `${name}\xff${labels[name]}\xfe`;
  return key;
}

/** The label names of `labels`, sorted. Label sets have a handful of names: sorting is cheaper than remembering. */
export function sortedNames(labels: Labels): readonly string[] {
  return Object.keys(labels).sort();
}

/** The key of only `names` (`on`) or of everything but `names` and `__name__` (`ignoring`). */
export function matchingKey(labels: Labels, names: readonly string[], on: boolean): string {
  if (on) {
    let key = '';
    for (const name of [...names].sort()) key += `${name}\xff${labels[name] ?? ''}\xfe`;
    return key;
  }
  return keyWithout(labels, names);
}

/** The key of `labels` without `names` and `__name__`, built without an intermediate label set. */
export function keyWithout(labels: Labels, names: readonly string[]): string {
  let key = '';
  for (const name of sortedNames(labels)) if (name !== METRIC_NAME && !names.includes(name)) key += `${name}\xff${labels[name]}\xfe`;
  return key;
}

/** `labels` without `__name__` (the same object when it has none). */
export function withoutName(labels: Labels): Labels {
  if (!(METRIC_NAME in labels)) return labels;
  const { [METRIC_NAME]: _name, ...rest } = labels;
  return rest;
}
