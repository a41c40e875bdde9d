import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Metered } from 'nestjs-observability';
import { SimulatedLlmProvider, type SimulateMode } from '../llm/simulated-llm.provider.js';
import { MemoryService } from '../memory/memory.service.js';
import type { ChatRequestDto, ChatResponseDto } from './chat.dto.js';

export const DEFAULT_MODEL = 'gpt-sim-mini';

@Injectable()
export class ChatService {
  private readonly logger = new Logger(ChatService.name);

  constructor(
    private readonly llm: SimulatedLlmProvider,
    private readonly memory: MemoryService,
  ) {}

  @Metered('chat')
  async chat(request: ChatRequestDto, simulate?: SimulateMode): Promise<ChatResponseDto> {
    const model = request.model ?? DEFAULT_MODEL;
    const conversationId = request.conversation_id ?? randomUUID();
    this.logger.log({
      operation: 'handle_chat',
      conversation_id: conversationId,
      message_length: request.message.length,
      model,
      msg: 'Processing chat request',
    });
    await this.memory.append(conversationId, 'user', request.message);
    const completion = await this.llm.complete(request.message, model, simulate);
    await this.memory.append(conversationId, 'assistant', completion.text);
    this.logger.log({
      operation: 'handle_chat',
      conversation_id: conversationId,
      response_length: completion.text.length,
      tokens_used: completion.inputTokens + completion.outputTokens,
      duration_ms: Math.round(completion.latencyMs),
      msg: 'Chat request completed',
    });
    return {
      reply: completion.text,
      model,
      conversation_id: conversationId,
      usage: { input_tokens: completion.inputTokens, output_tokens: completion.outputTokens },
    };
  }
}
