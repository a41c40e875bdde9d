import type { Expr } from './ast.js';

/** How long an instant selector looks back for its latest sample, as Prometheus's default `--query.lookback-delta`. */
export const LOOKBACK_DELTA_MS = 5 * 60_000;

/** How far before the evaluation time `expr` reads samples: the longest range or lookback, plus its offset. */
export function lookbackOf(expr: Expr): number {
  switch (expr.kind) {
    case 'number':
      return 0;
    case 'vector':
      return LOOKBACK_DELTA_MS + Math.max(0, expr.offsetMs);
    case 'matrix':
      return expr.rangeMs + Math.max(0, expr.selector.offsetMs);
    case 'call':
      return Math.max(0, ...expr.args.map(lookbackOf));
    case 'aggregate':
    case 'unary':
      return lookbackOf(expr.expr);
    case 'binary':
      return Math.max(lookbackOf(expr.lhs), lookbackOf(expr.rhs));
  }
}

/** The longest range (`[5m]`) in `expr`, or 0 when it has none: the window a rule's trend covers. */
export function longestRange(expr: Expr): number {
  switch (expr.kind) {
    case 'matrix':
      return expr.rangeMs;
    case 'call':
      return Math.max(0, ...expr.args.map(longestRange));
    case 'aggregate':
    case 'unary':
      return longestRange(expr.expr);
    case 'binary':
      return Math.max(longestRange(expr.lhs), longestRange(expr.rhs));
    default:
      return 0;
  }
}

/** Every selector in `expr` (for exemplar lookup: which series are behind an alert). */
export function selectorsOf(expr: Expr): Array<Extract<Expr, { kind: 'vector' }>> {
  switch (expr.kind) {
    case 'vector':
      return [expr];
    case 'matrix':
      return [expr.selector];
    case 'call':
      return expr.args.flatMap(selectorsOf);
    case 'aggregate':
    case 'unary':
      return selectorsOf(expr.expr);
    case 'binary':
      return [...selectorsOf(expr.lhs), ...selectorsOf(expr.rhs)];
    default:
      return [];
  }
}
