// `suite` exporting its kept traces over OTLP/HTTP to a receiver in another process (bench/otlp-scenario.mjs).
import { otlpScenario } from '../otlp-scenario.mjs';

export const { imports, setup } = otlpScenario();
