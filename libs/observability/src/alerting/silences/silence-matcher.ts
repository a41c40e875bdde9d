/** Alertmanager's matcher: a label name, an operator and a value (a regex for `=~` and `!~`, anchored at both ends). */
export type MatchOperator = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  readonly name: string;
  readonly operator: MatchOperator;
  readonly value: string;
}

/** Alertmanager v2 API's form of a matcher. */
export interface ApiMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  /** @default true */
  isEqual?: boolean;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

/** A compiled matcher: its test and the text form it was written in. */
export class CompiledMatcher implements Matcher {
  private readonly regex: RegExp | undefined;

  constructor(
    readonly name: string,
    readonly operator: MatchOperator,
    readonly value: string,
  ) {
    if (!LABEL_NAME.test(name)) throw new Error(`label name ${JSON.stringify(name)} must match [a-zA-Z_][a-zA-Z0-9_]*`);
    if (operator === '=~' || operator === '!~') {
      try {
        this.regex = new RegExp(`^(?:${value})$`, 'u');
      } catch {
        throw new Error(`${JSON.stringify(value)} is not a valid regular expression`);
      }
    }
  }

  /** A missing label has the value "" (so `team=""` matches alerts without `team`), as in Alertmanager. */
  matches(labels: Readonly<Record<string, string>>): boolean {
    const actual = labels[this.name] ?? '';
    switch (this.operator) {
      case '=':
        return actual === this.value;
      case '!=':
        return actual !== this.value;
      case '=~':
        return this.regex!.test(actual);
      case '!~':
        return !this.regex!.test(actual);
    }
  }

  toString(): string {
    return `${this.name}${this.operator}${JSON.stringify(this.value)}`;
  }

  toApi(): ApiMatcher {
    return { name: this.name, value: this.value, isRegex: this.operator.endsWith('~'), isEqual: !this.operator.startsWith('!') };
  }
}

/** Parses `name="value"`, `name!=value`, `name=~"regex"`, `name!~"regex"` (quotes optional, JSON escapes inside). */
export function parseMatcher(text: string): CompiledMatcher {
  const match = MATCHER.exec(text);
  if (!match) throw new Error(`${JSON.stringify(text)} is not a matcher such as severity="critical" or route=~"/api/.*"`);
  const [, name, operator, raw] = match as unknown as [string, string, MatchOperator, string];
  let value = raw;
  if (raw.startsWith('"')) {
    try {
      value = JSON.parse(raw) as string;
    } catch {
      throw new Error(`${JSON.stringify(text)}: the quoted value is not closed or has an invalid escape`);
    }
    if (typeof value !== 'string') throw new Error(`${JSON.stringify(text)}: the value must be a string`);
  }
  return new CompiledMatcher(name, operator, value);
}

/** Alertmanager's `{name, value, isRegex, isEqual}` form. */
export function matcherFromApi(input: unknown): CompiledMatcher {
  const m = input as Partial<ApiMatcher> | null;
  if (!m || typeof m !== 'object' || typeof m.name !== 'string' || typeof m.value !== 'string' || typeof m.isRegex !== 'boolean') {
    throw new Error('a matcher is a string such as severity="critical" or an object {name, value, isRegex, isEqual}');
  }
  const equal = m.isEqual ?? true;
  const operator: MatchOperator = m.isRegex ? (equal ? '=~' : '!~') : equal ? '=' : '!=';
  return new CompiledMatcher(m.name, operator, m.value);
}
