// `suite-otlp` exporting every 5 s (`tracing.batch.scheduled_delay`, OpenTelemetry's own default) instead of 1 s.
import { otlpScenario } from '../otlp-scenario.mjs';

export const { imports, setup } = otlpScenario({ batch: { scheduled_delay: '5s' } });
