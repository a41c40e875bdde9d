import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { ObservabilityModule, type ObservabilityConfig, type ObservabilityRuntimeOptions } from 'nestjs-observability';
import { AgentsController } from './agents/agents.controller.js';
import { AgentsStore } from './agents/agents.store.js';
import { ChatController } from './chat/chat.controller.js';
import { ChatService } from './chat/chat.service.js';
import type { DatabaseOptions } from './database/database.js';
import { DatabaseModule } from './database/database.module.js';
import { EmbeddingsController } from './embeddings/embeddings.controller.js';
import { LeakyHistory } from './embeddings/leaky-history.js';
import { LlmModule } from './llm/llm.module.js';
import type { SimulatedLlmOptions } from './llm/simulated-llm.options.js';
import { MemoryController } from './memory/memory.controller.js';
import { MemoryService } from './memory/memory.service.js';

export interface AssistantOptions {
  observability: ObservabilityConfig;
  llm: SimulatedLlmOptions;
  runtime?: ObservabilityRuntimeOptions;
  /** PostgreSQL (`url`, from `DATABASE_URL`) or, by default, the embedded SQLite database. */
  database?: DatabaseOptions;
}

/** The Assistant: chat, agents and memory over a simulated LLM provider, observed by the suite. */
@Module({})
export class AppModule {
  static register(options: AssistantOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot(options.observability, {
          ...options.runtime,
          // The provider's failures get their own error_type instead of "unknown".
          errorClassification: { ProviderError: 'provider' },
        }),
        LlmModule.register(options.llm),
        DatabaseModule.register(options.database ?? {}),
      ],
      controllers: [ChatController, AgentsController, MemoryController, EmbeddingsController],
      providers: [
        ChatService,
        MemoryService,
        AgentsStore,
        LeakyHistory,
        { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }) },
      ],
    };
  }
}
