import { BadGatewayException, Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ProviderError, type SimulateMode } from '../llm/simulated-llm.provider.js';
import { ChatRequestDto, type ChatResponseDto } from './chat.dto.js';
import { ChatService } from './chat.service.js';

@Controller('api/chat')
export class ChatController {
  constructor(private readonly chat: ChatService) {}

  /** `X-Simulate: error` makes the provider fail (502); `X-Simulate: slow` makes it exceed the slow threshold. */
  @Post()
  @HttpCode(200)
  async post(@Body() body: ChatRequestDto, @Headers('x-simulate') simulate?: string): Promise<ChatResponseDto> {
    try {
      return await this.chat.chat(body, parseSimulate(simulate));
    } catch (error) {
      if (error instanceof ProviderError) throw new BadGatewayException(`LLM provider ${error.provider} failed`, { cause: error });
      throw error;
    }
  }
}

export function parseSimulate(value: string | undefined): SimulateMode {
  return value === 'error' || value === 'slow' ? value : undefined;
}
