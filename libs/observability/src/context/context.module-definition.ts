import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ConfigInput, ContextConfig } from '../config/index.js';

/** ContextModule options: the `observability.context` section. */
export type ContextModuleOptions = ConfigInput<ContextConfig> | ContextConfig;

export const CONTEXT_RAW_OPTIONS = Symbol('OBSERVABILITY:CONTEXT_RAW_OPTIONS');

export const {
  ConfigurableModuleClass: ContextConfigurableModule,
  OPTIONS_TYPE: CONTEXT_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: CONTEXT_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ContextModuleOptions>({ optionsInjectionToken: CONTEXT_RAW_OPTIONS })
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
