import { IsString, MaxLength, MinLength } from 'class-validator';

export class EmbeddingRequestDto {
  @IsString()
  @MinLength(1)
  @MaxLength(8_000)
  text!: string;
}

export interface EmbeddingResponseDto {
  dimensions: number;
  embedding: number[];
}
