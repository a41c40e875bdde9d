import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import type { ConfigInput, LoggingConfig } from '../config/index.js';
import { ContextModule } from '../context/index.js';
import { LOGGING_MODULE_OPTIONS } from './logging.constants.js';

export interface LoggingModuleOptions {
  /** The `observability.logging` section. */
  logging?: ConfigInput<LoggingConfig> | LoggingConfig;
  /**
   * Write here instead of `logging.output` (an in-memory stream in tests, a custom transport). The suite does not
   * close a destination it did not open; it flushes it at shutdown if it can.
   */
  destination?: DestinationStream;
}

export interface LoggingModuleExtras {
  /** Make LoggingService and ObservabilityLogger injectable everywhere. @default true */
  isGlobal: boolean;
  /**
   * Import ContextModule (request_id, user_id) with default settings. Pass `false` when the app imports
   * `ContextModule.forRoot(...)` itself with its own settings. @default true
   */
  withContext: boolean;
}

export const {
  ConfigurableModuleClass: LoggingConfigurableModule,
  OPTIONS_TYPE: LOGGING_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: LOGGING_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<LoggingModuleOptions>({ optionsInjectionToken: LOGGING_MODULE_OPTIONS })
  .setClassMethodName('forRoot')
  .setExtras<LoggingModuleExtras>({ isGlobal: true, withContext: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
    imports: [...(definition.imports ?? []), ...(extras.withContext ? [ContextModule.forRoot({})] : [])],
  }))
  .build();
