import type { Expr, FunctionCall, MatrixSelector } from './ast.js';
import { aggregate } from './aggregate.js';
import { scalarOp, vectorOp, vectorScalarOp } from './binary.js';
import { histogramQuantile } from './histogram-quantile.js';
import { withoutName } from './labels.js';
import { LOOKBACK_DELTA_MS } from './lookback.js';
import { extrapolatedRate, instantRate, OVER_TIME } from './range-functions.js';
import { EvaluationError, type RangeSeries, type Sample, type SampleSource, type Value } from './values.js';

/**
 * Evaluates a parsed expression at one instant over a {@link SampleSource}, with Prometheus's semantics for the
 * subset alert conditions use. Pure: the same source and time give the same result.
 */
export function evaluate(expr: Expr, source: SampleSource, time: number, shared?: EvaluationCache): Value {
  return new Evaluation(source, time, shared).eval(expr);
}

/**
 * Results of sub-expressions at one evaluation time, shared by the rules evaluated at that time: rules that
 * read the same `rate(x[5m])` compute it once. Create one per evaluation time; values are never mutated.
 */
export type EvaluationCache = Map<string, Value>;

/** {@link evaluate} for conditions, which are instant vectors (the rules loader checks that). */
export function evaluateVector(expr: Expr, source: SampleSource, time: number, shared?: EvaluationCache): readonly Sample[] {
  const value = evaluate(expr, source, time, shared);
  if (value.type !== 'vector') throw new EvaluationError(`expected an instant vector, got a ${value.type}`);
  return value.samples;
}

class Evaluation {
  constructor(
    private readonly source: SampleSource,
    private readonly time: number,
    private readonly shared?: EvaluationCache,
  ) {}

  eval(expr: Expr): Value {
    if (!this.shared || expr.kind === 'number') return this.compute(expr);
    const key = exprKey(expr);
    let value = this.shared.get(key);
    if (!value) this.shared.set(key, (value = this.compute(expr)));
    return value;
  }

  private compute(expr: Expr): Value {
    switch (expr.kind) {
      case 'number':
        return { type: 'scalar', value: expr.value };
      case 'vector': {
        const at = this.time - expr.offsetMs;
        return { type: 'vector', samples: this.source.instant(expr.matchers, at - LOOKBACK_DELTA_MS, at) };
      }
      case 'matrix':
        return { type: 'matrix', series: this.range(expr) };
      case 'aggregate':
        return { type: 'vector', samples: aggregate(expr, this.vector(expr.expr)) };
      case 'unary': {
        const inner = this.eval(expr.expr);
        if (expr.op === '+') return inner;
        if (inner.type === 'scalar') return { type: 'scalar', value: -inner.value };
        return { type: 'vector', samples: this.vector(expr.expr).map((s) => ({ labels: withoutName(s.labels), value: -s.value })) };
      }
      case 'binary': {
        const lhs = this.eval(expr.lhs);
        const rhs = this.eval(expr.rhs);
        if (lhs.type === 'scalar' && rhs.type === 'scalar') return { type: 'scalar', value: scalarOp(expr.op, lhs.value, rhs.value) };
        if (lhs.type === 'vector' && rhs.type === 'scalar')
          return { type: 'vector', samples: vectorScalarOp(expr.op, lhs.samples, rhs.value, false, expr.bool) };
        if (lhs.type === 'scalar' && rhs.type === 'vector')
          return { type: 'vector', samples: vectorScalarOp(expr.op, rhs.samples, lhs.value, true, expr.bool) };
        if (lhs.type === 'vector' && rhs.type === 'vector')
          return { type: 'vector', samples: vectorOp(expr.op, lhs.samples, rhs.samples, expr.matching, expr.bool) };
        throw new EvaluationError(`operator "${expr.op}" needs scalars or instant vectors`);
      }
      case 'call':
        return this.call(expr);
    }
  }

  private call(call: FunctionCall): Value {
    const [first, second] = call.args;
    switch (call.name) {
      case 'rate':
      case 'increase':
      case 'delta':
        return this.rangeFn(first!, (series, start, end) =>
          extrapolatedRate(series, start, end, call.name !== 'delta', call.name === 'rate'),
        );
      case 'irate':
        return this.rangeFn(first!, (series) => instantRate(series));
      case 'histogram_quantile':
        return { type: 'vector', samples: histogramQuantile(this.scalar(first!), this.vector(second!)) };
      case 'abs':
        return this.map(first!, Math.abs);
      case 'clamp_min': {
        const min = this.scalar(second!);
        return this.map(first!, (v) => Math.max(v, min));
      }
      case 'clamp_max': {
        const max = this.scalar(second!);
        return this.map(first!, (v) => Math.min(v, max));
      }
      case 'vector':
        return { type: 'vector', samples: [{ labels: {}, value: this.scalar(first!) }] };
      case 'absent':
        return { type: 'vector', samples: this.vector(first!).length > 0 ? [] : [{ labels: absentLabels(first!), value: 1 }] };
      default: {
        const overTime = OVER_TIME[call.name];
        if (!overTime) throw new EvaluationError(`function "${call.name}" is not supported`);
        const keepName = call.name === 'last_over_time';
        const samples: Sample[] = [];
        for (const series of this.range(first as MatrixSelector)) {
          if (series.values.length > 0)
            samples.push({ labels: keepName ? series.labels : withoutName(series.labels), value: overTime(series.values) });
        }
        return { type: 'vector', samples };
      }
    }
  }

  private rangeFn(arg: Expr, fn: (series: RangeSeries, start: number, end: number) => number | undefined): Value {
    const matrix = arg as MatrixSelector;
    const end = this.time - matrix.selector.offsetMs;
    const start = end - matrix.rangeMs;
    const samples: Sample[] = [];
    for (const series of this.range(matrix)) {
      const value = fn(series, start, end);
      if (value !== undefined) samples.push({ labels: withoutName(series.labels), value });
    }
    return { type: 'vector', samples };
  }

  private map(arg: Expr, fn: (v: number) => number): Value {
    return { type: 'vector', samples: this.vector(arg).map((s) => ({ labels: withoutName(s.labels), value: fn(s.value) })) };
  }

  private range(matrix: MatrixSelector): RangeSeries[] {
    const end = this.time - matrix.selector.offsetMs;
    return this.source.range(matrix.selector.matchers, end - matrix.rangeMs, end);
  }

  private vector(expr: Expr): readonly Sample[] {
    const value = this.eval(expr);
    if (value.type !== 'vector') throw new EvaluationError(`expected an instant vector, got a ${value.type}`);
    return value.samples;
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
