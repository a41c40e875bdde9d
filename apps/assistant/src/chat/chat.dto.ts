import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class ChatRequestDto {
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  message!: string;

  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/i)
  model?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  conversation_id?: string;
}

export interface ChatResponseDto {
  reply: string;
  model: string;
  conversation_id: string;
  usage: { input_tokens: number; output_tokens: number };
}
