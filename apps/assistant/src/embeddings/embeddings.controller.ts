import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { EMBEDDING_DIMENSIONS, embedText } from './embedder.js';
import { EmbeddingRequestDto, type EmbeddingResponseDto } from './embeddings.dto.js';
import { LeakyHistory } from './leaky-history.js';

@Controller('api/embeddings')
export class EmbeddingsController {
  constructor(private readonly history: LeakyHistory) {}

  /** The demo's CPU-heavy path; `X-Fault: leak` also keeps the request's tokens forever (a slow leak). */
  @Post()
  @HttpCode(200)
  embed(@Body() body: EmbeddingRequestDto, @Headers('x-fault') fault?: string): EmbeddingResponseDto {
    if (fault === 'leak') this.history.retainForever(body.text);
    return { dimensions: EMBEDDING_DIMENSIONS, embedding: embedText(body.text) };
  }
}
