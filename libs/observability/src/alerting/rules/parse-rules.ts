import type { Node, YAMLMap } from 'yaml';
import { yamlModule } from '../../common/index.js';
import { parseDuration } from '../../config/index.js';
import type { ThresholdOperator } from '../interfaces/alert.interface.js';
import { CONDITION_PROBLEM, type RuleIssue } from '../alerting.messages.js';
import { lookbackOf } from '../promql/lookback.js';
import { parsePromql } from '../promql/parse-promql.js';
import { PromqlSyntaxError } from '../promql/promql-syntax.error.js';
import { THRESHOLD_OPERATORS, type AlertRule } from './alert-rule.js';
import { AlertRulesError } from './alert-rules.error.js';
import { ANOMALY_KEYS, ANOMALY_PLACEHOLDERS, readAnomalyFields, type FieldReader } from './anomaly-fields.js';
import { unsupportedPlaceholder } from './rule-template.js';

const KNOWN_KEYS = [
  'name',
  'type',
  'condition',
  'threshold',
  'operator',
  'duration',
  'keep_firing_for',
  'severity',
  'description',
  'labels',
  'annotations',
  ...ANOMALY_KEYS,
];
/** `threshold` (the default): the condition compared with a fixed threshold; `anomaly`: with a learnt baseline. */
const RULE_TYPES = ['threshold', 'anomaly'];
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Prometheus (before 3.0) requires alert names to be valid metric names; the exported file must load there too. */
const ALERT_NAME = /^[A-Za-z_:][A-Za-z0-9_:]*$/;
const RESERVED_LABELS = new Set(['alertname', 'severity', '__name__']);

/**
 * Parses and validates a rules file's text (`rules:` list of the seed's fields plus labels, annotations, operator
 * and keep_firing_for). Throws {@link AlertRulesError} listing every problem with its line and rule.
 */
export function parseRules(text: string, file: string): AlertRule[] {
  const { LineCounter, parseDocument } = yamlModule();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const issues: RuleIssue[] = doc.errors.map((e) => ({
    line: e.linePos?.[0].line,
    field: 'YAML',
    problem: e.message.split('\n')[0]!,
  }));
  if (issues.length > 0) throw new AlertRulesError(file, issues);
  const lineOf = (node: Node | null | undefined): number | undefined => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined);
  const root = doc.contents;
  const list = yamlModule().isMap(root) ? root.get('rules', true) : undefined;
  if (!yamlModule().isSeq(list)) {
    throw new AlertRulesError(file, [{ line: lineOf(root), field: 'rules', problem: 'expected a top-level "rules:" list' }]);
  }
  const rules: AlertRule[] = [];
  const names = new Set<string>();
  list.items.forEach((item, index) => {
    if (!yamlModule().isMap(item)) {
      issues.push({
        line: lineOf(item as Node),
        rule: `#${index + 1}`,
        field: 'rule',
        problem: 'expected a mapping with name, condition, threshold',
      });
      return;
    }
    const rule = new RuleReader(item, `#${index + 1}`, lineOf, issues).read();
    const name = item.get('name');
    if (typeof name === 'string' && names.has(name)) {
      issues.push({ line: lineOf(item.get('name', true)), rule: name, field: 'name', problem: 'another rule has the same name' });
    }
    if (typeof name === 'string') names.add(name);
    if (rule) rules.push(rule);
  });
  if (issues.length > 0) throw new AlertRulesError(file, issues);
  return rules;
}

class RuleReader implements FieldReader {
  private rule: string;
  private readonly before: number;

  constructor(
    private readonly map: YAMLMap,
    fallbackName: string,
    private readonly lineOf: (node: Node | null | undefined) => number | undefined,
    private readonly issues: RuleIssue[],
  ) {
    const name = map.get('name');
    this.rule = typeof name === 'string' && name !== '' ? name : fallbackName;
    this.before = issues.length;
  }

  read(): AlertRule | undefined {
    for (const pair of this.map.items) {
      const key = yamlModule().isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (!KNOWN_KEYS.includes(key)) this.issue(pair.key as Node, key, `no such field; known fields: ${KNOWN_KEYS.join(', ')}`);
    }
    const name = this.string('name', true);
    if (name !== undefined && !ALERT_NAME.test(name)) {
      this.issue(
        this.node('name'),
        'name',
        `got ${JSON.stringify(name)}; expected letters, digits, _ and : (a Prometheus alert name such as HighErrorRate)`,
      );
    }
    const condition = this.string('condition', true);
    const parsed = condition !== undefined ? this.condition(condition) : undefined;
    const type = this.string('type') ?? 'threshold';
    if (!RULE_TYPES.includes(type))
      this.issue(this.node('type'), 'type', `got ${JSON.stringify(type)}; expected ${RULE_TYPES.join(' or ')}`);
    const anomaly = type === 'anomaly' ? readAnomalyFields(this) : undefined;
    if (!anomaly) {
      for (const key of ANOMALY_KEYS)
        if (this.value(key) !== undefined) this.issue(this.node(key), key, 'only type: anomaly rules have this field');
    }
    const threshold = anomaly ? anomaly.sensitivity : this.value('threshold');
    if (typeof threshold !== 'number' || Number.isNaN(threshold))
      this.issue(this.node('threshold'), 'threshold', `got ${JSON.stringify(threshold)}; expected a number`);
    const operator = anomaly ? '>' : ((this.string('operator') ?? '>') as ThresholdOperator);
    if (!THRESHOLD_OPERATORS.includes(operator)) {
      this.issue(this.node('operator'), 'operator', `got ${JSON.stringify(operator)}; expected one of ${THRESHOLD_OPERATORS.join(' ')}`);
    }
    const forMs = this.duration('duration') ?? 0;
    const keepFiringForMs = this.duration('keep_firing_for') ?? 0;
    const severity = this.string('severity') ?? 'warning';
    const description = this.string('description');
    const labels = this.stringMap('labels', true);
    const annotations = { ...(description !== undefined ? { description } : {}), ...this.stringMap('annotations', false) };
    for (const [key, template] of Object.entries(annotations)) {
      const bad = unsupportedPlaceholder(template, anomaly ? ANOMALY_PLACEHOLDERS : undefined);
      if (bad)
        this.issue(
          this.node(key === 'description' && description !== undefined ? 'description' : 'annotations'),
          key,
          `template ${bad} is not supported; use ${(anomaly ? ANOMALY_PLACEHOLDERS : ['$value']).map((p) => `{{ ${p} }}`).join(', ')} or {{ $labels.<name> }}`,
        );
    }
    if (this.issues.length > this.before || !name || !condition || !parsed || typeof threshold !== 'number') return undefined;
    return {
      name,
      condition,
      expr: parsed,
      threshold,
      operator,
      forMs,
      keepFiringForMs,
      severity,
      description,
      labels,
      annotations,
      ...(anomaly ? { anomaly } : {}),
      lookbackMs: lookbackOf(parsed),
    };
  }

  private condition(source: string) {
    try {
      const { expr, type } = parsePromql(source);
      if (type !== 'vector') {
        this.issue(
          this.node('condition'),
          'condition',
          `the condition must be an instant vector, got a ${type === 'scalar' ? 'scalar' : 'range vector'}`,
        );
        return undefined;
      }
      return expr;
    } catch (error) {
      if (!(error instanceof PromqlSyntaxError)) throw error;
      this.issue(this.node('condition'), 'condition', CONDITION_PROBLEM(error.message, error.offset, source));
      return undefined;
    }
  }

  node(key: string): Node | undefined {
    return this.map.get(key, true);
  }

  value(key: string): unknown {
    return this.map.get(key);
  }

  private string(key: string, required = false): string | undefined {
    const value = this.value(key);
    if (value === undefined || value === null) {
      if (required) this.issue(this.map, key, 'is missing');
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.issue(this.node(key), key, `got ${JSON.stringify(value)}; expected a non-empty string`);
      return undefined;
    }
    if (key === 'name') this.rule = value;
    return value;
  }

  /** The duration at `key`; undefined when it is absent (or wrong, which is reported). */
  duration(key: string): number | undefined {
    const value = this.value(key);
    if (value === undefined || value === null) return undefined;
    const ms = typeof value === 'string' ? parseDuration(value) : undefined;
    if (ms === undefined) this.issue(this.node(key), key, `got ${JSON.stringify(value)}; expected a duration such as "30s", "5m" or "1h"`);
    return ms;
  }

  private stringMap(key: string, labels: boolean): Record<string, string> {
    const node = this.node(key);
    if (node === undefined || (yamlModule().isScalar(node) && node.value === null)) return {};
    if (!yamlModule().isMap(node)) {
      this.issue(node, key, 'expected a mapping of names to strings');
      return {};
    }
    const out: Record<string, string> = {};
    for (const pair of node.items) {
      const name = yamlModule().isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const value = yamlModule().isScalar(pair.value) ? pair.value.value : undefined;
      if (labels && (!LABEL_NAME.test(name) || RESERVED_LABELS.has(name))) {
        this.issue(
          pair.key as Node,
          `${key}.${name}`,
          `expected a label name matching ${LABEL_NAME.source}, other than ${[...RESERVED_LABELS].join(', ')}`,
        );
      } else if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        this.issue(pair.value as Node, `${key}.${name}`, 'expected a string');
      } else {
        out[name] = String(value);
      }
    }
    return out;
  }

  issue(node: Node | null | undefined, field: string, problem: string): void {
    this.issues.push({ line: this.lineOf(node), rule: this.rule, field, problem });
  }
}
