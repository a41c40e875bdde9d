import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { type LoggingConfig, resolveSection } from '../config/index.js';
import { RequestContextService } from '../context/index.js';
import { createDestination, createPinoLogger, withLoki, type FlushableDestination } from './create-logger.js';
import { LOGGING_CONFIG, LOGGING_MODULE_OPTIONS } from './logging.constants.js';
import { LokiTransport } from './loki/loki-transport.js';
import { LOKI_TRANSPORT } from './loki/loki.constants.js';
import { LokiService } from './loki/loki.service.js';
import { LoggingConfigurableModule, type LoggingModuleOptions } from './logging.module-definition.js';
import { LOG_DESTINATION, LoggingService, PINO_LOGGER } from './logging.service.js';
import { ObservabilityLogger } from './observability-logger.js';
import { RequestLogger } from './request-logger.js';

/**
 * Structured JSON logs (pino) with the request context on every line, deep redaction, one line per request,
 * and Nest's own logger routed through it (`app.useLogger(app.get(ObservabilityLogger))`).
 */
@Module({
  providers: [
    {
      provide: LOGGING_CONFIG,
      useFactory: (options: LoggingModuleOptions) => resolveSection('logging', options.logging),
      inject: [LOGGING_MODULE_OPTIONS],
    },
    {
      provide: LOG_DESTINATION,
      useFactory: (options: LoggingModuleOptions, config: LoggingConfig, loki: LokiTransport | null): FlushableDestination =>
        withLoki(options.destination ?? createDestination(config), loki),
      inject: [LOGGING_MODULE_OPTIONS, LOGGING_CONFIG, LOKI_TRANSPORT],
    },
    {
      provide: PINO_LOGGER,
      useFactory: (config: LoggingConfig, destination: FlushableDestination, contexts: RequestContextService): Logger =>
        createPinoLogger(config, destination, contexts),
      inject: [LOGGING_CONFIG, LOG_DESTINATION, RequestContextService],
    },
    {
      provide: LOKI_TRANSPORT,
      useFactory: (config: LoggingConfig): LokiTransport | null => (config.loki.enabled ? new LokiTransport(config.loki) : null),
      inject: [LOGGING_CONFIG],
    },
    LokiService,
    LoggingService,
    ObservabilityLogger,
    RequestLogger,
  ],
  exports: [LoggingService, ObservabilityLogger, LokiService, LOGGING_CONFIG, PINO_LOGGER],
})
export class LoggingModule extends LoggingConfigurableModule {}
