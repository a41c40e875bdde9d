export const INVALID_CONFIGURATION = (where: string, lines: readonly string[]): string =>
  `Invalid observability configuration${where}: ${lines.length} problem${lines.length === 1 ? '' : 's'}\n${lines.join('\n')}`;

export const CONFIG_ISSUE_LINE = (path: string, got: string, expected: string): string => `  - ${path}: got ${got}; expected ${expected}`;

export const EXPECTED_READABLE_FILE = (reason: string): string => `a readable YAML file (${reason})`;

export const FILE_MISSING = 'the file does not exist';

export const EXPECTED_ROOT_KEY = (root: string): string => `a top-level "${root}:" key`;

export const EXPECTED_VALID_YAML = (detail: string): string => `valid YAML (${detail})`;

export const UNCLOSED_QUOTE = (quote: string): string => `a ${quote} quote opened here is never closed`;
