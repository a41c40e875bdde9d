/** A series' labels, `__name__` included. Label sets are compared by {@link labelsKey}. */
export type Labels = Readonly<Record<string, string>>;

export const METRIC_NAME = '__name__';

/** A canonical string for a label set: names sorted, separators that cannot occur in valid UTF-8 text. */
export function labelsKey(labels: Labels): string {
  let key = KEY_OF.get(labels);
  if (key === undefined) KEY_OF.set(labels, (key = computeKey(labels)));
  return key;
}

// Label sets are immutable once built (stored series, samples), so their derived forms are remembered per object.
const KEY_OF = new WeakMap<Labels, string>();
const WITHOUT_NAME = new WeakMap<Labels, Labels>();

const SORTED_NAMES = new WeakMap<Labels, readonly string[]>();

/** The label names of `labels`, sorted (remembered per label set). */
export function sortedNames(labels: Labels): readonly string[] {
  let names = SORTED_NAMES.get(labels);
  if (names === undefined) SORTED_NAMES.set(labels, (names = Object.keys(labels).sort()));
  return names;
}

function computeKey(labels: Labels): string {
  const names = sortedNames(labels);
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
  return keyWithout(labels, names);
}

/** The key of `labels` without `names` and `__name__`, built without an intermediate label set. */
export function keyWithout(labels: Labels, names: readonly string[]): string {
  let key = '';
  for (const name of sortedNames(labels)) if (name !== METRIC_NAME && !names.includes(name)) key += `${name}\xff${labels[name]}\xfe`;
  return key;
}

export function withoutName(labels: Labels): Labels {
  if (!(METRIC_NAME in labels)) return labels;
  let out = WITHOUT_NAME.get(labels);
  if (out === undefined) {
    const { [METRIC_NAME]: _name, ...rest } = labels;
    WITHOUT_NAME.set(labels, (out = rest));
  }
  return out;
}
