// `suite` on the library's unbundled modules (dist/ as tsc writes them, ~280 files) instead of the bundle the package
// publishes (dist/bundle/): what the bundle saves at startup (bench/startup.mjs).
import * as library from '../../libs/observability/dist/index.js';
import { suiteScenario } from '../suite-scenario.mjs';

export const { imports, setup } = suiteScenario(library);
