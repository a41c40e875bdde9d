import type { Binary, BinaryOp, VectorMatching } from './ast.js';
import { labelsKey, matchingKey, METRIC_NAME, type Labels } from './labels.js';
import { EvaluationError } from './values.js';
import { without, type LabelDerivations, type Vec } from './vector.js';

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

/**
 * Vector and scalar (in either order): arithmetic drops the metric name (`unnamed` gives the input's labels
 * without it); a comparison filters, or gives 0/1 with bool.
 */
export function vectorScalarOp(
  op: BinaryOp,
  input: Vec,
  scalar: number,
  scalarOnLeft: boolean,
  bool: boolean,
  unnamed: (labels: readonly Labels[]) => readonly Labels[],
): Vec {
  const n = input.values.length;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = scalarOnLeft ? scalarOp(op, scalar, input.values[i]!) : scalarOp(op, input.values[i]!, scalar);
  if (ARITHMETIC.has(op) || bool) return { labels: unnamed(input.labels), values };
  let drop: Uint8Array | undefined;
  for (let i = 0; i < n; i++) if (values[i] !== 1) (drop ??= new Uint8Array(n))[i] = 1;
  return drop ? without(input, drop) : input;
}

/** How two vectors' samples pair up; it depends on their labels only, so it is derived once per pair of label arrays. */
interface Matches {
  /** A duplicate on the "one" side: thrown before anything is computed. */
  readonly error?: string;
  /** Per pair, in the "many" side's order: the sample of each side. */
  readonly many: Int32Array;
  readonly one: Int32Array;
  /** One-to-one matching met a second sample of the left side after the pairs listed: thrown after them. */
  readonly manyToMany: boolean;
  readonly labels: readonly Labels[];
  /** Per pair, its result labels' key, numbered; `distinct` says whether they all differ. */
  readonly keyIds: Int32Array;
  readonly keys: readonly string[];
  readonly distinct: boolean;
}

/** Two vectors, matched as Prometheus matches them: one-to-one, group_left / group_right, and the set operators. */
export function vectorOp(node: Binary, lhs: Vec, rhs: Vec, derived: LabelDerivations): Vec {
  const { op, matching, bool } = node;
  if (op === 'and' || op === 'unless' || op === 'or') {
    const picked = derived.get(node, lhs.labels, rhs.labels, () => setOperation(op, lhs.labels, rhs.labels, matching));
    const values = new Float64Array(picked.labels.length);
    for (let i = 0; i < picked.lhs.length; i++) values[i] = lhs.values[picked.lhs[i]!]!;
    for (let i = 0; i < picked.rhs.length; i++) values[picked.lhs.length + i] = rhs.values[picked.rhs[i]!]!;
    return { labels: picked.labels, values };
  }
  const m = derived.get(node, lhs.labels, rhs.labels, () => matchVectors(node, lhs.labels, rhs.labels));
  if (m.error) throw new EvaluationError(m.error);
  const manySideIsRight = matching.card === 'one-to-many';
  const manyValues = manySideIsRight ? rhs.values : lhs.values;
  const oneValues = manySideIsRight ? lhs.values : rhs.values;
  const filter = !ARITHMETIC.has(op) && !bool;
  const n = m.many.length;
  const values = new Float64Array(n);
  let drop: Uint8Array | undefined;
  let seen: Uint8Array | undefined;
  for (let p = 0; p < n; p++) {
    const manyValue = manyValues[m.many[p]!]!;
    const oneValue = oneValues[m.one[p]!]!;
    const l = manySideIsRight ? oneValue : manyValue;
    const value = scalarOp(op, l, manySideIsRight ? manyValue : oneValue);
    if (filter && value !== 1) {
      (drop ??= new Uint8Array(n))[p] = 1;
      continue;
    }
    if (!m.distinct) {
      seen ??= new Uint8Array(n);
      const id = m.keyIds[p]!;
      if (seen[id])
        throw new EvaluationError(
          `multiple matches for labels ${m.keys[p]!.replace(/\xff/g, '=').replace(/\xfe/g, ',')}: grouping labels must ensure unique matches`,
        );
      seen[id] = 1;
    }
    values[p] = filter ? l : value;
  }
  if (m.manyToMany)
    throw new EvaluationError(
      `found duplicate series for the match group on the left hand-side of "${op}" (many-to-many matching not allowed)`,
    );
  const out = { labels: m.labels, values };
  return drop ? without(out, drop) : out;
}

function matchVectors(node: Binary, lhs: readonly Labels[], rhs: readonly Labels[]): Matches {
  const { op, matching, bool } = node;
  const key = (labels: Labels) => matchingKey(labels, matching.labels, matching.on);
  const manySideIsRight = matching.card === 'one-to-many';
  const one = manySideIsRight ? lhs : rhs;
  const many = manySideIsRight ? rhs : lhs;
  const byKey = new Map<string, number>();
  const none: Matches = {
    many: new Int32Array(0),
    one: new Int32Array(0),
    manyToMany: false,
    labels: [],
    keyIds: new Int32Array(0),
    keys: [],
    distinct: true,
  };
  for (let i = 0; i < one.length; i++) {
    const k = key(one[i]!);
    if (byKey.has(k)) {
      const side = manySideIsRight ? 'left' : 'right';
      return {
        ...none,
        error: `found duplicate series for the match group on the ${side} hand-side of "${op}"; use on(...) or ignoring(...) to make matches unique`,
      };
    }
    byKey.set(k, i);
  }
  const manyIdx: number[] = [];
  const oneIdx: number[] = [];
  const labels: Labels[] = [];
  const keys: string[] = [];
  const ids = new Map<string, number>();
  const keyIds: number[] = [];
  const oneToOneSeen = new Set<string>();
  let manyToMany = false;
  for (let i = 0; i < many.length; i++) {
    const k = key(many[i]!);
    const match = byKey.get(k);
    if (match === undefined) continue;
    if (matching.card === 'one-to-one') {
      if (oneToOneSeen.has(k)) {
        manyToMany = true;
        break;
      }
      oneToOneSeen.add(k);
    }
    const result = resultLabels(many[i]!, one[match]!, op, matching, bool);
    const resultKey = labelsKey(result);
    let id = ids.get(resultKey);
    if (id === undefined) ids.set(resultKey, (id = ids.size));
    manyIdx.push(i);
    oneIdx.push(match);
    labels.push(result);
    keys.push(resultKey);
    keyIds.push(id);
  }
  return {
    many: Int32Array.from(manyIdx),
    one: Int32Array.from(oneIdx),
    manyToMany,
    labels,
    keyIds: Int32Array.from(keyIds),
    keys,
    distinct: ids.size === keys.length,
  };
}

/** `and` / `unless`: the left samples kept; `or`: all left samples, then the right ones whose match group the left lacks. */
function setOperation(
  op: 'and' | 'unless' | 'or',
  lhs: readonly Labels[],
  rhs: readonly Labels[],
  matching: VectorMatching,
): { lhs: Int32Array; rhs: Int32Array; labels: readonly Labels[] } {
  const key = (labels: Labels) => matchingKey(labels, matching.labels, matching.on);
  if (op === 'or') {
    const left = new Set(lhs.map(key));
    const right: number[] = [];
    for (let i = 0; i < rhs.length; i++) if (!left.has(key(rhs[i]!))) right.push(i);
    return { lhs: Int32Array.from(lhs.keys()), rhs: Int32Array.from(right), labels: [...lhs, ...right.map((i) => rhs[i]!)] };
  }
  const right = new Set(rhs.map(key));
  const kept: number[] = [];
  for (let i = 0; i < lhs.length; i++) if (right.has(key(lhs[i]!)) === (op === 'and')) kept.push(i);
  return { lhs: Int32Array.from(kept), rhs: new Int32Array(0), labels: kept.map((i) => lhs[i]!) };
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
