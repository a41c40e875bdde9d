/** The PromQL subset alert rules are evaluated on, as a small tree built from lezer-promql's syntax tree. */

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly name: string;
  readonly op: MatchOp;
  readonly value: string;
  /** Anchored, as Prometheus anchors label regexes; set for `=~` and `!~`. */
  readonly regex?: RegExp;
}

export interface VectorSelector {
  readonly kind: 'vector';
  /** Includes the `__name__` matcher when the selector names a metric. */
  readonly matchers: readonly LabelMatcher[];
  readonly offsetMs: number;
}

export interface MatrixSelector {
  readonly kind: 'matrix';
  readonly selector: VectorSelector;
  readonly rangeMs: number;
}

export interface NumberLiteral {
  readonly kind: 'number';
  readonly value: number;
}

export interface FunctionCall {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Expr[];
}

export type AggregateOp = 'sum' | 'avg' | 'min' | 'max' | 'count';

export interface Aggregate {
  readonly kind: 'aggregate';
  readonly op: AggregateOp;
  readonly expr: Expr;
  /** Labels of `by (...)`, or of `without (...)` when `without` is true. */
  readonly grouping: readonly string[];
  readonly without: boolean;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

export interface VectorMatching {
  /** `on(...)` when true, `ignoring(...)` otherwise (no clause: ignoring nothing). */
  readonly on: boolean;
  readonly labels: readonly string[];
  readonly card: 'one-to-one' | 'many-to-one' | 'one-to-many';
  /** Labels copied from the "one" side with group_left(...) / group_right(...). */
  readonly include: readonly string[];
}

export interface Binary {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly bool: boolean;
  readonly matching: VectorMatching;
}

export interface Unary {
  readonly kind: 'unary';
  readonly op: '-' | '+';
  readonly expr: Expr;
}

export type Expr = VectorSelector | MatrixSelector | NumberLiteral | FunctionCall | Aggregate | Binary | Unary;

export type ValueType = 'scalar' | 'vector' | 'matrix';
