// The whole suite at its defaults, as an app uses it (bench/suite-scenario.mjs), from the package as published.
import * as library from 'nestjs-observability';
import { suiteScenario } from '../suite-scenario.mjs';

export const { imports, setup } = suiteScenario(library);
