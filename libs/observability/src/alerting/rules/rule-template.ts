/**
 * Annotation templates in the subset of Prometheus's Go templates that both evaluators expand the same way:
 * `{{ $value }}` and `{{ $labels.<name> }}`. Anything else inside `{{ }}` is refused when the rules load.
 */
const PLACEHOLDER = /\{\{-?\s*(.*?)\s*-?\}\}/g;
const SUPPORTED = /^\$value$|^\$labels\.([A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * The first unsupported placeholder in `template`, if any. `values` lists the `$name` placeholders that expand
 * to numbers (anomaly rules add `$observed` and `$expected`, which no Prometheus rule has). @default ['$value']
 */
export function unsupportedPlaceholder(template: string, values: readonly string[] = ['$value']): string | undefined {
  for (const match of template.matchAll(PLACEHOLDER)) if (!SUPPORTED.test(match[1]!) && !values.includes(match[1]!)) return match[0];
  return undefined;
}

/**
 * Expands a validated template; a missing label expands to the empty string, as Prometheus's `<no value>` is
 * avoided. `value` is `$value`, or the numbers of `$value`, `$observed`, ... by name.
 */
export function expandTemplate(
  template: string,
  value: number | Readonly<Record<string, number>>,
  labels: Readonly<Record<string, string>>,
): string {
  const values = typeof value === 'number' ? { $value: value } : value;
  return template.replace(PLACEHOLDER, (_, expr: string) => {
    const number = Object.hasOwn(values, expr) ? values[expr] : undefined;
    if (number !== undefined) return formatValue(number);
    const label = SUPPORTED.exec(expr)?.[1];
    return label !== undefined ? (labels[label] ?? '') : '';
  });
}

/**
 * Go's `%v` of a float64, which is what Prometheus prints for `{{ $value }}`: the shortest representation, in
 * exponent form (`1.234567e+06`, `1e-05`) when the decimal exponent is below -4 or at least 6.
 */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa, exp] = value.toExponential().split('e') as [string, string];
  const n = Number(exp);
  if (n >= -4 && n < 6) return String(value);
  return `${mantissa}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}
