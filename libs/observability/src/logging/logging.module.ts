import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { ALL_ROUTES } from '../common/all-routes.js';
import { resolveSection } from '../common/resolve-section.js';
import type { LoggingConfig } from '../config/schema/logging.schema.js';
import { RequestContextService } from '../context/request-context.service.js';
import { createDestination, createPinoLogger, type FlushableDestination } from './create-logger.js';
import { LOGGING_CONFIG, LOGGING_MODULE_OPTIONS } from './logging.constants.js';
import { LoggingConfigurableModule, type LoggingModuleOptions } from './logging.module-definition.js';
import { LOG_DESTINATION, LoggingService, PINO_LOGGER } from './logging.service.js';
import { ObservabilityLogger } from './observability-logger.js';
import { RequestLoggingMiddleware } from './request-logging.middleware.js';

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
      useFactory: (options: LoggingModuleOptions, config: LoggingConfig): FlushableDestination =>
        (options.destination as FlushableDestination | undefined) ?? createDestination(config),
      inject: [LOGGING_MODULE_OPTIONS, LOGGING_CONFIG],
    },
    {
      provide: PINO_LOGGER,
      useFactory: (config: LoggingConfig, destination: FlushableDestination, contexts: RequestContextService): Logger =>
        createPinoLogger(config, destination, contexts),
      inject: [LOGGING_CONFIG, LOG_DESTINATION, RequestContextService],
    },
    LoggingService,
    ObservabilityLogger,
    RequestLoggingMiddleware,
  ],
  exports: [LoggingService, ObservabilityLogger, LOGGING_CONFIG, PINO_LOGGER],
})
export class LoggingModule extends LoggingConfigurableModule implements NestModule {
  constructor(private readonly logging: LoggingService) {
    super();
  }

  configure(consumer: MiddlewareConsumer): void {
    if (this.logging.config.request_log) consumer.apply(RequestLoggingMiddleware).forRoutes(ALL_ROUTES);
  }
}
