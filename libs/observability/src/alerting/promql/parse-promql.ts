import { createRequire } from 'node:module';
import type { parser as PromqlParser } from '@prometheus-io/lezer-promql';
import type { AggregateOp, BinaryOp, Expr, LabelMatcher, MatchOp, ValueType, VectorMatching, VectorSelector } from './ast.js';
import { FUNCTIONS } from './functions.js';
import { parsePromDuration, parsePromNumber, parsePromString } from './literals.js';
import { PromqlSyntaxError } from './promql-syntax.error.js';

const BINARY_OPS: Readonly<Record<string, BinaryOp>> = {
  Add: '+',
  Sub: '-',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Pow: '^',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Lss: '<',
  Gte: '>=',
  Lte: '<=',
  And: 'and',
  Or: 'or',
  Unless: 'unless',
};
const AGGREGATES = new Set<string>(['sum', 'avg', 'min', 'max', 'count']);
const COMPARISONS = new Set<BinaryOp>(['==', '!=', '>', '<', '>=', '<=']);
type SyntaxNode = ReturnType<typeof PromqlParser.parse>['topNode'];

const load = createRequire(import.meta.url);
let promqlParser: typeof PromqlParser | undefined;

/**
 * Prometheus's grammar, loaded on the first parse: an app without alert rules never parses PromQL, and the parser
 * with its tables holds ~1.1 MB of heap once used, for the life of the process. Synchronous (loadRules is).
 */
function parser(): typeof PromqlParser {
  return (promqlParser ??= (load('@prometheus-io/lezer-promql') as typeof import('@prometheus-io/lezer-promql')).parser);
}

const ONE_TO_ONE: VectorMatching = { on: false, labels: [], card: 'one-to-one', include: [] };

export interface ParsedExpr {
  readonly expr: Expr;
  readonly type: ValueType;
}

/**
 * Parses `source` with Prometheus's own grammar (lezer-promql) and returns the evaluator's tree and the result
 * type. Throws {@link PromqlSyntaxError} with the offset of the first syntax error, unknown or unsupported function,
 * or argument of the wrong type.
 */
export function parsePromql(source: string): ParsedExpr {
  const tree = parser().parse(source);
  let error: SyntaxNode | undefined;
  tree.iterate({
    enter: (ref) => {
      if (error) return false;
      if (ref.type.isError) error = ref.node;
      return undefined;
    },
  });
  if (error) throw syntaxError(source, error.from);
  const top = tree.topNode.firstChild;
  if (!top) throw new PromqlSyntaxError('empty expression', 0);
  return new Converter(source).convert(top);
}

function matchesEmpty(m: LabelMatcher): boolean {
  if (m.regex) return m.regex.test('') === (m.op === '=~');
  return (m.value === '') === (m.op === '=');
}

function syntaxError(source: string, at: number): PromqlSyntaxError {
  const name = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(source.slice(0, at))?.[1];
  if (name && source[at] === '(') {
    return new PromqlSyntaxError(`unknown function "${name}"`, at - name.length);
  }
  const near = source.slice(at, at + 12);
  return new PromqlSyntaxError(near ? `unexpected "${near}"` : 'unexpected end of expression', at);
}

class Converter {
  constructor(private readonly source: string) {}

  convert(node: SyntaxNode): ParsedExpr {
    switch (node.name) {
      case 'ParenExpr':
        return this.convert(this.child(node, 0));
      case 'NumberDurationLiteral':
        return { expr: { kind: 'number', value: this.number(node) }, type: 'scalar' };
      case 'VectorSelector':
        return { expr: this.selector(node), type: 'vector' };
      case 'MatrixSelector':
        return this.matrix(node);
      case 'OffsetExpr':
        return this.offset(node);
      case 'FunctionCall':
        return this.call(node);
      case 'AggregateExpr':
        return this.aggregate(node);
      case 'BinaryExpr':
        return this.binary(node);
      case 'UnaryExpr':
        return this.unary(node);
      case 'SubqueryExpr':
        throw this.fail(node, 'subqueries are not supported by the in-process evaluator');
      case 'StringLiteral':
        throw this.fail(node, 'a string is not a valid condition or argument here');
      default:
        throw this.fail(node, `"${this.text(node)}" is not supported by the in-process evaluator`);
    }
  }

  private selector(node: SyntaxNode): VectorSelector {
    const matchers: LabelMatcher[] = [];
    const name = node.getChild('Identifier');
    if (name) matchers.push({ name: '__name__', op: '=', value: this.text(name) });
    for (const m of node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) matchers.push(this.matcher(m));
    for (const m of node.getChild('LabelMatchers')?.getChildren('QuotedLabelMatcher') ?? []) matchers.push(this.matcher(m));
    for (const m of node.getChild('LabelMatchers')?.getChildren('QuotedLabelName') ?? []) {
      matchers.push({ name: '__name__', op: '=', value: parsePromString(this.text(m.getChild('StringLiteral') ?? m)) });
    }
    if (matchers.every(matchesEmpty)) {
      throw this.fail(node, 'a selector must contain at least one matcher that does not match the empty string');
    }
    return { kind: 'vector', matchers, offsetMs: 0 };
  }

  private matcher(node: SyntaxNode): LabelMatcher {
    const labelNode = node.getChild('LabelName') ?? node.getChild('QuotedLabelName');
    const name = labelNode?.name === 'QuotedLabelName' ? parsePromString(this.text(labelNode)) : this.text(labelNode ?? node);
    const op = this.text(node.getChild('MatchOp') ?? node) as MatchOp;
    const value = parsePromString(this.text(node.getChild('StringLiteral') ?? node));
    if (op !== '=~' && op !== '!~') return { name, op, value };
    try {
      return { name, op, value, regex: new RegExp(`^(?:${value})$`, 's') };
    } catch {
      throw this.fail(node, `invalid regular expression ${JSON.stringify(value)}`);
    }
  }

  private matrix(node: SyntaxNode): ParsedExpr {
    const inner = this.child(node, 0);
    if (inner.name !== 'VectorSelector') throw this.fail(node, 'a range can only follow a selector');
    const rangeMs = this.duration(this.child(node, 1));
    return { expr: { kind: 'matrix', selector: this.selector(inner), rangeMs }, type: 'matrix' };
  }

  private offset(node: SyntaxNode): ParsedExpr {
    const inner = this.convert(this.child(node, 0));
    const durationNode = node.getChild('OffsetDurationExpr') ?? this.child(node, 2);
    const negative = this.text(durationNode).trim().startsWith('-');
    const ms = this.duration(durationNode, negative);
    const expr = inner.expr;
    if (expr.kind === 'vector') return { expr: { ...expr, offsetMs: ms }, type: inner.type };
    if (expr.kind === 'matrix') return { expr: { ...expr, selector: { ...expr.selector, offsetMs: ms } }, type: inner.type };
    throw this.fail(node, 'offset can only follow a selector');
  }

  private call(node: SyntaxNode): ParsedExpr {
    const idNode = node.getChild('FunctionIdentifier');
    const name = this.text(idNode ?? node);
    const signature = FUNCTIONS[name];
    if (!signature) {
      const supported = Object.keys(FUNCTIONS).join(', ');
      throw this.fail(idNode ?? node, `function "${name}" is not supported by the in-process evaluator (supported: ${supported})`);
    }
    const argNodes = this.children(node.getChild('FunctionCallBody'));
    if (argNodes.length !== signature.args.length) {
      throw this.fail(node, `${name}() expects ${signature.args.length} argument(s), got ${argNodes.length}`);
    }
    const args = argNodes.map((arg, i) => this.expect(arg, signature.args[i]!, `argument ${i + 1} of ${name}()`));
    return { expr: { kind: 'call', name, args }, type: signature.returns };
  }

  private aggregate(node: SyntaxNode): ParsedExpr {
    const op = this.text(node.getChild('AggregateOp') ?? node);
    if (!AGGREGATES.has(op)) {
      throw this.fail(node, `aggregation "${op}" is not supported by the in-process evaluator (supported: ${[...AGGREGATES].join(', ')})`);
    }
    const modifier = node.getChild('AggregateModifier');
    const without = Boolean(modifier?.getChild('Without'));
    const grouping = this.labels(modifier?.getChild('GroupingLabels') ?? null);
    const args = this.children(node.getChild('FunctionCallBody'));
    if (args.length !== 1) throw this.fail(node, `${op}() takes exactly one expression`);
    const expr = this.expect(args[0]!, 'vector', `the argument of ${op}`);
    return { expr: { kind: 'aggregate', op: op as AggregateOp, expr, grouping, without }, type: 'vector' };
  }

  private binary(node: SyntaxNode): ParsedExpr {
    const lhsNode = this.child(node, 0);
    const opNode = this.child(node, 1);
    const op = BINARY_OPS[opNode.name];
    if (!op) throw this.fail(opNode, `operator "${this.text(opNode)}" is not supported`);
    const rhsNode = node.lastChild!;
    const lhs = this.convert(lhsNode);
    const rhs = this.convert(rhsNode);
    const bool = node.getChild('BoolModifier') !== null;
    for (const side of [lhs, rhs])
      if (side.type === 'matrix') throw this.fail(node, `operator "${op}" needs scalars or instant vectors, not a range`);
    const isSet = op === 'and' || op === 'or' || op === 'unless';
    if (isSet && (lhs.type !== 'vector' || rhs.type !== 'vector')) throw this.fail(opNode, `"${op}" needs instant vectors on both sides`);
    if (COMPARISONS.has(op) && lhs.type === 'scalar' && rhs.type === 'scalar' && !bool) {
      throw this.fail(opNode, 'comparisons between scalars must use the bool modifier');
    }
    const matching = this.matching(node.getChild('MatchingModifierClause'), isSet);
    const type: ValueType = lhs.type === 'scalar' && rhs.type === 'scalar' ? 'scalar' : 'vector';
    return { expr: { kind: 'binary', op, lhs: lhs.expr, rhs: rhs.expr, bool, matching }, type };
  }

  private matching(clause: SyntaxNode | null, isSet: boolean): VectorMatching {
    if (!clause) return isSet ? { ...ONE_TO_ONE, card: 'many-to-one' } : ONE_TO_ONE;
    const on = clause.getChild('On') !== null;
    const groups = clause.getChildren('GroupingLabels');
    const labels = this.labels(groups[0] ?? null);
    const include = this.labels(groups[1] ?? null);
    const card = clause.getChild('GroupLeft')
      ? 'many-to-one'
      : clause.getChild('GroupRight')
        ? 'one-to-many'
        : isSet
          ? 'many-to-one'
          : 'one-to-one';
    return { on, labels, card, include };
  }

  private unary(node: SyntaxNode): ParsedExpr {
    const op = this.text(node.getChild('UnaryOp') ?? node) === '-' ? '-' : '+';
    const inner = this.convert(node.lastChild!);
    if (inner.type === 'matrix') throw this.fail(node, 'a unary sign needs a scalar or an instant vector');
    if (inner.expr.kind === 'number')
      return { expr: { kind: 'number', value: op === '-' ? -inner.expr.value : inner.expr.value }, type: 'scalar' };
    return { expr: { kind: 'unary', op, expr: inner.expr }, type: inner.type };
  }

  private expect(node: SyntaxNode, type: ValueType, what: string): Expr {
    const parsed = this.convert(node);
    if (parsed.type !== type) {
      const names = { scalar: 'a scalar', vector: 'an instant vector', matrix: 'a range vector' } as const;
      throw this.fail(node, `${what} must be ${names[type]}, got ${names[parsed.type]}`);
    }
    return parsed.expr;
  }

  private labels(node: SyntaxNode | null): string[] {
    if (!node) return [];
    return this.children(node).map((l) => (l.name === 'QuotedLabelName' ? parsePromString(this.text(l)) : this.text(l)));
  }

  private number(node: SyntaxNode): number {
    const value = parsePromNumber(this.text(node));
    if (value === undefined) throw this.fail(node, `"${this.text(node)}" is not a number`);
    return value;
  }

  private duration(node: SyntaxNode, negative = false): number {
    const text = this.text(node).trim().replace(/^-/, '');
    const ms = parsePromDuration(text);
    if (ms === undefined) throw this.fail(node, `"${this.text(node)}" is not a duration`);
    return negative ? -ms : ms;
  }

  private child(node: SyntaxNode, index: number): SyntaxNode {
    const found = this.children(node)[index];
    if (!found) throw this.fail(node, 'incomplete expression');
    return found;
  }

  /** Named children, without punctuation lezer leaves anonymous. */
  private children(node: SyntaxNode | null): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = node?.firstChild ?? null; c; c = c.nextSibling) if (c.name !== '⚠' && c.type.name !== '') out.push(c);
    return out;
  }

  private text(node: SyntaxNode): string {
    return this.source.slice(node.from, node.to);
  }

  private fail(node: SyntaxNode, message: string): PromqlSyntaxError {
    return new PromqlSyntaxError(message, node.from);
  }
}
