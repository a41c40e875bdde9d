import { describe, expect, it } from 'vitest';
import { parsePromql } from './parse-promql.js';
import { PromqlSyntaxError } from './promql-syntax.error.js';

function errorOf(source: string): PromqlSyntaxError {
  try {
    parsePromql(source);
  } catch (error) {
    if (error instanceof PromqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`no error for ${source}`);
}

describe('parsePromql', () => {
  it('builds selectors with every matcher kind, ranges and offsets', () => {
    const { expr, type } = parsePromql('rate(http_requests_total{status=~"5..", route!="/health", method="GET", x!~"a|b"}[5m] offset 1m)');
    expect(type).toBe('vector');
    expect(expr).toMatchObject({
      kind: 'call',
      name: 'rate',
      args: [
        {
          kind: 'matrix',
          rangeMs: 300_000,
          selector: {
            offsetMs: 60_000,
            matchers: [
              { name: '__name__', op: '=', value: 'http_requests_total' },
              { name: 'status', op: '=~', value: '5..' },
              { name: 'route', op: '!=', value: '/health' },
              { name: 'method', op: '=', value: 'GET' },
              { name: 'x', op: '!~', value: 'a|b' },
            ],
          },
        },
      ],
    });
  });

  it('builds aggregations, matching clauses, bool, parentheses and unary minus', () => {
    const { expr } = parsePromql('-(sum without (pod) (a) / on (route) group_left (team) max by (route) (b)) > bool 0.5');
    expect(expr).toMatchObject({
      kind: 'binary',
      op: '>',
      bool: true,
      rhs: { kind: 'number', value: 0.5 },
      lhs: {
        kind: 'unary',
        op: '-',
        expr: {
          kind: 'binary',
          op: '/',
          matching: { on: true, labels: ['route'], card: 'many-to-one', include: ['team'] },
          lhs: { kind: 'aggregate', op: 'sum', without: true, grouping: ['pod'] },
          rhs: { kind: 'aggregate', op: 'max', without: false, grouping: ['route'] },
        },
      },
    });
  });

  it('types histogram_quantile over an aggregated rate', () => {
    expect(parsePromql('histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))').type).toBe('vector');
    expect(parsePromql('1 + 2').type).toBe('scalar');
  });

  it.each([
    ['rate(x[5m]', 'unexpected end of expression', 10],
    ['foo(bar)', 'unknown function "foo"', 0],
    ['sum(x) +', 'unexpected end of expression', 8],
    ['rate(x)', 'argument 1 of rate() must be a range vector, got an instant vector', 5],
    ['ln(x)', 'function "ln" is not supported', 0],
    ['x[5m:1m]', 'subqueries are not supported', 0],
    ['topk(3, x)', 'aggregation "topk" is not supported', 0],
    ['{a=""}', 'at least one matcher that does not match the empty string', 0],
    ['x{a=~"("}', 'invalid regular expression', 2],
    ['1 > 2', 'comparisons between scalars must use the bool modifier', 2],
  ])('refuses %s with its position', (source, message, offset) => {
    const error = errorOf(source);
    expect(error.message).toContain(message);
    expect(error.offset).toBe(offset);
  });
});
