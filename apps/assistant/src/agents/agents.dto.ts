import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateAgentDto {
  @IsString()
  @Matches(/^[A-Za-z0-9 _-]{1,64}$/)
  name!: string;

  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/i)
  model?: string;

  @IsString()
  @MinLength(1)
  @MaxLength(4_000)
  instructions!: string;
}

export interface Agent {
  id: string;
  name: string;
  model: string;
  instructions: string;
  created_at: string;
}
