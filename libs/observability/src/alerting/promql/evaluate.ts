import type { Expr, FunctionCall, MatrixSelector, VectorSelector } from './ast.js';
import { aggregate } from './aggregate.js';
import { scalarOp, vectorOp, vectorScalarOp } from './binary.js';
import { histogramQuantile } from './histogram-quantile.js';
import { withoutName, type Labels } from './labels.js';
import { LOOKBACK_DELTA_MS } from './lookback.js';
import { extrapolatedRate, instantRate, OVER_TIME } from './range-functions.js';
import { emptyWindow, EvaluationError, type RangeSeries, type RangeWindow, type Sample, type SampleSource, type Value } from './values.js';
import { EMPTY_VEC, LabelDerivations, toSamples, without, type Vec } from './vector.js';

/** A value inside an evaluation: vectors by columns; a range is read by the function it is passed to. */
type Internal =
  | { readonly type: 'scalar'; readonly value: number }
  | { readonly type: 'vector'; readonly vec: Vec }
  | { readonly type: 'matrix'; readonly matrix: MatrixSelector };

/**
 * What evaluations of the same expressions share. Within one evaluation time, results of sub-expressions: rules
 * that read the same `rate(x[5m])` compute it once ({@link EvaluationCache.nextEvaluation} forgets them). Across
 * evaluations, what each expression derived from label sets (its groups and vector matches), reused while the
 * series behind it stay the same.
 */
export class EvaluationCache {
  readonly results = new Map<string, Internal>();
  readonly derived = new LabelDerivations();

  /** Forgets the results of the previous evaluation time; keeps what was derived from label sets. */
  nextEvaluation(): void {
    this.results.clear();
  }
}

/**
 * Evaluates a parsed expression at one instant over a {@link SampleSource}, with Prometheus's semantics for the
 * subset alert conditions use. Pure: the same source and time give the same result.
 */
export function evaluate(expr: Expr, source: SampleSource, time: number, cache?: EvaluationCache): Value {
  const value = new Evaluation(source, time, cache ?? new EvaluationCache()).eval(expr);
  switch (value.type) {
    case 'scalar':
      return value;
    case 'vector':
      return { type: 'vector', samples: toSamples(value.vec) };
    case 'matrix': {
      const end = time - value.matrix.selector.offsetMs;
      const series: RangeSeries[] = [];
      for (const s of source.select(value.matrix.selector.matchers).series) {
        const { times, values } = s.range(end - value.matrix.rangeMs, end);
        if (times.length > 0) series.push({ labels: s.labels, times, values });
      }
      return { type: 'matrix', series };
    }
  }
}

/** {@link evaluate} for conditions, which are instant vectors (the rules loader checks that). */
export function evaluateVector(expr: Expr, source: SampleSource, time: number, cache?: EvaluationCache): readonly Sample[] {
  const value = evaluate(expr, source, time, cache);
  if (value.type !== 'vector') throw new EvaluationError(`expected an instant vector, got a ${value.type}`);
  return value.samples;
}

type RangeFunction = (window: RangeWindow, start: number, end: number) => number | undefined;

class Evaluation {
  /** Where each series copies its points in a range (one at a time). */
  private readonly window: RangeWindow = emptyWindow();

  constructor(
    private readonly source: SampleSource,
    private readonly time: number,
    private readonly cache: EvaluationCache,
  ) {}

  eval(expr: Expr): Internal {
    if (expr.kind === 'number') return { type: 'scalar', value: expr.value };
    const key = exprKey(expr);
    let value = this.cache.results.get(key);
    if (!value) this.cache.results.set(key, (value = this.compute(expr)));
    return value;
  }

  private compute(expr: Exclude<Expr, { kind: 'number' }>): Internal {
    switch (expr.kind) {
      case 'vector':
        return { type: 'vector', vec: this.instant(expr) };
      case 'matrix':
        return { type: 'matrix', matrix: expr };
      case 'aggregate':
        return { type: 'vector', vec: aggregate(expr, this.vector(expr.expr), this.cache.derived) };
      case 'unary': {
        const inner = this.eval(expr.expr);
        if (expr.op === '+') return inner;
        if (inner.type === 'scalar') return { type: 'scalar', value: -inner.value };
        return this.map(expr, expr.expr, (v) => -v);
      }
      case 'binary': {
        const lhs = this.eval(expr.lhs);
        const rhs = this.eval(expr.rhs);
        if (lhs.type === 'scalar' && rhs.type === 'scalar') return { type: 'scalar', value: scalarOp(expr.op, lhs.value, rhs.value) };
        const unnamed = (labels: readonly Labels[]) => this.unnamed(expr, labels);
        if (lhs.type === 'vector' && rhs.type === 'scalar')
          return { type: 'vector', vec: vectorScalarOp(expr.op, lhs.vec, rhs.value, false, expr.bool, unnamed) };
        if (lhs.type === 'scalar' && rhs.type === 'vector')
          return { type: 'vector', vec: vectorScalarOp(expr.op, rhs.vec, lhs.value, true, expr.bool, unnamed) };
        if (lhs.type === 'vector' && rhs.type === 'vector')
          return { type: 'vector', vec: vectorOp(expr, lhs.vec, rhs.vec, this.cache.derived) };
        throw new EvaluationError(`operator "${expr.op}" needs scalars or instant vectors`);
      }
      case 'call':
        return { type: 'vector', vec: this.call(expr) };
    }
  }

  private call(call: FunctionCall): Vec {
    const [first, second] = call.args;
    switch (call.name) {
      case 'rate':
      case 'increase':
      case 'delta': {
        const isCounter = call.name !== 'delta';
        const isRate = call.name === 'rate';
        return this.rangeFn(first!, false, (window, start, end) => extrapolatedRate(window, start, end, isCounter, isRate));
      }
      case 'irate':
        return this.rangeFn(first!, false, instantRate);
      case 'histogram_quantile':
        return histogramQuantile(call, this.scalar(first!), this.vector(second!), this.cache.derived);
      case 'abs':
        return this.map(call, first!, Math.abs).vec;
      case 'clamp_min': {
        const min = this.scalar(second!);
        return this.map(call, first!, (v) => Math.max(v, min)).vec;
      }
      case 'clamp_max': {
        const max = this.scalar(second!);
        return this.map(call, first!, (v) => Math.min(v, max)).vec;
      }
      case 'vector':
        return { labels: [{}], values: Float64Array.of(this.scalar(first!)) };
      case 'absent':
        return this.vector(first!).labels.length > 0 ? EMPTY_VEC : { labels: [absentLabels(first!)], values: Float64Array.of(1) };
      default: {
        const overTime = OVER_TIME[call.name];
        if (!overTime) throw new EvaluationError(`function "${call.name}" is not supported`);
        return this.rangeFn(first!, call.name === 'last_over_time', (window) => (window.count > 0 ? overTime(window) : undefined));
      }
    }
  }

  /** A range function over every series a range selects; series it gives no value for are left out. */
  private rangeFn(arg: Expr, keepName: boolean, fn: RangeFunction): Vec {
    const matrix = arg as MatrixSelector;
    const end = this.time - matrix.selector.offsetMs;
    const start = end - matrix.rangeMs;
    const selection = this.source.select(matrix.selector.matchers);
    const n = selection.series.length;
    const values = new Float64Array(n);
    const { window } = this;
    let drop: Uint8Array | undefined;
    for (let i = 0; i < n; i++) {
      selection.series[i]!.window(start, end, window);
      const value = fn(window, start, end);
      if (value === undefined) (drop ??= new Uint8Array(n))[i] = 1;
      else values[i] = value;
    }
    const vec = { labels: keepName ? selection.labels : selection.unnamedLabels, values };
    return drop ? without(vec, drop) : vec;
  }

  /** An instant selector: each series' latest point within the lookback, unless it is a staleness marker. */
  private instant(selector: VectorSelector): Vec {
    const at = this.time - selector.offsetMs;
    const selection = this.source.select(selector.matchers);
    const n = selection.series.length;
    const values = new Float64Array(n);
    let drop: Uint8Array | undefined;
    for (let i = 0; i < n; i++) {
      const value = selection.series[i]!.latest(at - LOOKBACK_DELTA_MS, at);
      if (value === undefined) (drop ??= new Uint8Array(n))[i] = 1;
      else values[i] = value;
    }
    const vec = { labels: selection.labels, values };
    return drop ? without(vec, drop) : vec;
  }

  /** `fn` applied to each value of a vector; the result drops the metric name. */
  private map(node: Expr, arg: Expr, fn: (v: number) => number): { type: 'vector'; vec: Vec } {
    const input = this.vector(arg);
    const values = new Float64Array(input.values.length);
    for (let i = 0; i < values.length; i++) values[i] = fn(input.values[i]!);
    return { type: 'vector', vec: { labels: this.unnamed(node, input.labels), values } };
  }

  private unnamed(node: Expr, labels: readonly Labels[]): readonly Labels[] {
    return this.cache.derived.get(node, labels, undefined, () => labels.map(withoutName));
  }

  private vector(expr: Expr): Vec {
    const value = this.eval(expr);
    if (value.type !== 'vector') throw new EvaluationError(`expected an instant vector, got a ${value.type}`);
    return value.vec;
  }

  private scalar(expr: Expr): number {
    const value = this.eval(expr);
    if (value.type !== 'scalar') throw new EvaluationError(`expected a scalar, got a ${value.type}`);
    return value.value;
  }
}

/** `absent(x{a="b"})` is labelled with the selector's equality matchers, as Prometheus labels it. */
function absentLabels(expr: Expr): Record<string, string> {
  const selector = expr.kind === 'vector' ? expr : undefined;
  const out: Record<string, string> = {};
  for (const m of selector?.matchers ?? []) if (m.op === '=' && m.name !== '__name__') out[m.name] = m.value;
  return out;
}

const KEYS = new WeakMap<Expr, string>();

/** A canonical text of a sub-expression (computed once per parsed node): equal texts evaluate equally. */
function exprKey(expr: Expr): string {
  let key = KEYS.get(expr);
  if (key === undefined) KEYS.set(expr, (key = JSON.stringify(expr, (name, value: unknown) => (name === 'regex' ? undefined : value))));
  return key;
}
