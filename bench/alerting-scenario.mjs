// The suite as in bench/scenarios/suite.mjs, with 10,000 more series in its registry (bench/alerting-fixture.mjs,
// a round of new values every 15 s), and optionally the fixture's 50 rules, evaluated every 15 s (the default),
// the first time before the measured run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as library from 'nestjs-observability';
import { benchScratchDir } from './log-file.mjs';
import { fixtureMetrics, fixtureRules, STEP } from './alerting-fixture.mjs';
import { suiteScenario } from './suite-scenario.mjs';

export function alertingScenario({ rules }) {
  const dir = benchScratchDir('bench-alerting-');
  const rulesFile = join(dir, 'rules.yaml');
  if (rules) writeFileSync(rulesFile, fixtureRules('bench_load'));
  const config = {
    logging: { output: join(dir, 'app.log') },
    metrics: { namespace: 'bench', series_limit: 20_000 },
    ...(rules ? { alerts: { rules_file: rulesFile } } : {}),
  };
  return suiteScenario(library, {
    config,
    async setup(app) {
      const record = fixtureMetrics(app.get(library.MetricsService), 'load');
      let round = 0;
      record(round++);
      // The first evaluation meets every series for the first time (keys, selections, groups): done before the
      // measured run, which then sees the evaluations of a steady app.
      if (rules) await app.get(library.AlertsService).evaluate();
      setInterval(() => record(round++), STEP).unref();
    },
  });
}
