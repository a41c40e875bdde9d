import { Module, type DynamicModule } from '@nestjs/common';
import { SIMULATED_LLM_OPTIONS, type SimulatedLlmOptions } from './simulated-llm.options.js';
import { SimulatedLlmProvider } from './simulated-llm.provider.js';

@Module({})
export class LlmModule {
  static register(options: SimulatedLlmOptions): DynamicModule {
    return {
      module: LlmModule,
      providers: [{ provide: SIMULATED_LLM_OPTIONS, useValue: options }, SimulatedLlmProvider],
      exports: [SimulatedLlmProvider],
    };
  }
}
