import type { BinaryOp, VectorMatching } from './ast.js';
import { labelsKey, matchingKey, METRIC_NAME, withoutName, type Labels } from './labels.js';
import { EvaluationError, type Sample } from './values.js';

const ARITHMETIC = new Set<BinaryOp>(['+', '-', '*', '/', '%', '^']);

/** `lhs op rhs` on two numbers; for comparisons, 1 when it holds and 0 when not. */
export function scalarOp(op: BinaryOp, lhs: number, rhs: number): number {
  switch (op) {
    case '+':
      return lhs + rhs;
    case '-':
      return lhs - rhs;
    case '*':
      return lhs * rhs;
    case '/':
      return lhs / rhs;
    case '%':
      return lhs % rhs;
    case '^':
      return lhs ** rhs;
    case '==':
      return lhs === rhs ? 1 : 0;
    case '!=':
      return lhs !== rhs ? 1 : 0;
    case '>':
      return lhs > rhs ? 1 : 0;
    case '<':
      return lhs < rhs ? 1 : 0;
    case '>=':
      return lhs >= rhs ? 1 : 0;
    case '<=':
      return lhs <= rhs ? 1 : 0;
    default:
      throw new EvaluationError(`"${op}" is not defined between scalars`);
  }
}

/** Vector and scalar (in either order): arithmetic drops the metric name; a comparison filters, or gives 0/1 with bool. */
export function vectorScalarOp(op: BinaryOp, samples: readonly Sample[], scalar: number, scalarOnLeft: boolean, bool: boolean): Sample[] {
  const out: Sample[] = [];
  for (const sample of samples) {
    const result = scalarOnLeft ? scalarOp(op, scalar, sample.value) : scalarOp(op, sample.value, scalar);
    if (ARITHMETIC.has(op)) out.push({ labels: withoutName(sample.labels), value: result });
    else if (bool) out.push({ labels: withoutName(sample.labels), value: result });
    else if (result === 1) out.push(sample);
  }
  return out;
}

/** Two vectors, matched as Prometheus matches them: one-to-one, group_left / group_right, and the set operators. */
export function vectorOp(op: BinaryOp, lhs: readonly Sample[], rhs: readonly Sample[], matching: VectorMatching, bool: boolean): Sample[] {
  const key = (s: Sample) => matchingKey(s.labels, matching.labels, matching.on);
  if (op === 'and' || op === 'unless') {
    const right = new Set(rhs.map(key));
    return lhs.filter((s) => right.has(key(s)) === (op === 'and'));
  }
  if (op === 'or') {
    const left = new Set(lhs.map(key));
    return [...lhs, ...rhs.filter((s) => !left.has(key(s)))];
  }
  const manySideIsRight = matching.card === 'one-to-many';
  const one = manySideIsRight ? lhs : rhs;
  const many = manySideIsRight ? rhs : lhs;
  const byKey = new Map<string, Sample>();
  for (const sample of one) {
    const k = key(sample);
    if (byKey.has(k)) {
      const side = manySideIsRight ? 'left' : 'right';
      throw new EvaluationError(
        `found duplicate series for the match group on the ${side} hand-side of "${op}"; use on(...) or ignoring(...) to make matches unique`,
      );
    }
    byKey.set(k, sample);
  }
  const out: Sample[] = [];
  const seen = new Set<string>();
  const oneToOneSeen = new Set<string>();
  for (const sample of many) {
    const k = key(sample);
    const match = byKey.get(k);
    if (!match) continue;
    if (matching.card === 'one-to-one') {
      if (oneToOneSeen.has(k))
        throw new EvaluationError(
          `found duplicate series for the match group on the left hand-side of "${op}" (many-to-many matching not allowed)`,
        );
      oneToOneSeen.add(k);
    }
    const [l, r] = manySideIsRight ? [match, sample] : [sample, match];
    const value = scalarOp(op, l.value, r.value);
    const comparison = !ARITHMETIC.has(op);
    if (comparison && !bool && value !== 1) continue;
    const labels = resultLabels(sample.labels, match.labels, op, matching, bool);
    const resultKey = labelsKey(labels);
    if (seen.has(resultKey))
      throw new EvaluationError(
        `multiple matches for labels ${resultKey.replace(/\xff/g, '=').replace(/\xfe/g, ',')}: grouping labels must ensure unique matches`,
      );
    seen.add(resultKey);
    out.push({ labels, value: comparison && !bool ? l.value : value });
  }
  return out;
}

function resultLabels(many: Labels, one: Labels, op: BinaryOp, matching: VectorMatching, bool: boolean): Labels {
  const out: Record<string, string> = { ...many };
  if (ARITHMETIC.has(op) || bool) delete out[METRIC_NAME];
  if (matching.card === 'one-to-one') {
    if (matching.on) {
      for (const name of Object.keys(out)) if (!matching.labels.includes(name)) delete out[name];
    } else {
      for (const name of matching.labels) delete out[name];
    }
  }
  for (const name of matching.include) {
    const value = one[name];
    if (value !== undefined && value !== '') out[name] = value;
    else delete out[name];
  }
  return out;
}
