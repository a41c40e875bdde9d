import { writeFileSync } from 'node:fs';
import { AlertRulesError } from '../rules/alert-rules.error.js';
import { loadRules } from '../rules/load-rules.js';
import { exportRules, NOT_EXPORTED, notExported } from './export-rules.js';

const USAGE = `Usage: nestjs-observability export-rules <alert_rules.yaml> [--output <prometheus-rules.yaml>] [--group <name>]

Writes the rules as a Prometheus rule file (to stdout unless --output is given), for running the same alerts in
Prometheus + Alertmanager. Check it with: promtool check rules <file>
`;

/** The command line; returns the exit code (the bin entry sets process.exitCode, it never calls process.exit). */
export function main(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): number {
  const [command, ...rest] = argv;
  if (command !== 'export-rules') {
    err(command === undefined || command === '--help' ? USAGE : `Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
    return command === '--help' ? 0 : 2;
  }
  let input: string | undefined;
  let output: string | undefined;
  let group: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--output' || arg === '-o') output = rest[++i];
    else if (arg === '--group') group = rest[++i];
    else if (input === undefined && !arg.startsWith('-')) input = arg;
    else {
      err(`Unexpected argument ${JSON.stringify(arg)}.\n\n${USAGE}`);
      return 2;
    }
  }
  if (input === undefined) {
    err(USAGE);
    return 2;
  }
  try {
    const rules = loadRules(input);
    const text = exportRules(rules, { group });
    if (output !== undefined) writeFileSync(output, text);
    else out(text);
    for (const rule of notExported(rules)) err(`warning: ${NOT_EXPORTED(rule)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof AlertRulesError) {
      err(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
