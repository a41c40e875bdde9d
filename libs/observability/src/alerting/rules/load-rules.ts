import { readFileSync } from 'node:fs';
import type { AlertRule } from './alert-rule.js';
import { AlertRulesError } from './alert-rules.error.js';
import { parseRules } from './parse-rules.js';

/** Reads and validates a rules file (an absolute path, or relative to the working directory). */
export function loadRules(file: string): AlertRule[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AlertRulesError(file, [], code === 'ENOENT' ? 'the file does not exist' : (code ?? 'unreadable'));
  }
  return parseRules(text, file);
}
