export { DEFAULT_REDACT_KEYS } from './logging.constants.js';
export { LoggingModule } from './logging.module.js';
export type { LoggingModuleExtras, LoggingModuleOptions } from './logging.module-definition.js';
export { LoggingService } from './logging.service.js';
export { ObservabilityLogger } from './observability-logger.js';
export { Redactor } from './redactor.js';
export { LokiService } from './loki/loki.service.js';
export type { LokiDropReason, LokiReport } from './loki/index.js';
