import {
  BadGatewayException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Injectable,
  NotFoundException,
  Param,
  Post,
  RequestTimeoutException,
  UseGuards,
  ValidationPipe,
  type CanActivate,
  type DynamicModule,
  type INestApplication,
} from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { IsString, MinLength } from 'class-validator';
import request from 'supertest';
import { Metered } from 'nestjs-observability';
import { bootApp, type Platform } from './bootstrap.js';

export class CreateItemDto {
  @IsString()
  @MinLength(3)
  name!: string;
}

class DenyAll implements CanActivate {
  canActivate(): boolean {
    throw new ForbiddenException();
  }
}

export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
}

@Injectable()
export class ItemsService {
  @Metered('items.lookup')
  lookup(id: string): { id: string } {
    if (id === 'missing') throw new NotFoundException(`no item ${id}`);
    return { id };
  }

  @Metered()
  async fetchUpstream(fail: boolean): Promise<string> {
    await Promise.resolve();
    if (fail) throw new UpstreamError('upstream down');
    return 'ok';
  }
}

@Controller('items')
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    return this.items.lookup(id);
  }

  @Post()
  @HttpCode(201)
  create(@Body() body: CreateItemDto): { name: string } {
    return { name: body.name };
  }
}

@Controller()
export class FailuresController {
  constructor(private readonly items: ItemsService) {}

  @Get('boom')
  boom(): never {
    throw new Error('kaboom');
  }

  @Get('slow')
  slow(): never {
    throw new RequestTimeoutException();
  }

  @Get('guarded')
  @UseGuards(DenyAll)
  guarded(): string {
    return 'never';
  }

  @Metered('upstream.call')
  @Get('upstream/:mode')
  async upstream(@Param('mode') mode: string): Promise<string> {
    try {
      return await this.items.fetchUpstream(mode === 'fail');
    } catch (error) {
      throw new BadGatewayException('upstream failed', { cause: error });
    }
  }
}

export type { Platform };

/** Boots a real Nest app with the test controllers and `imports`, on Express or Fastify (not listening). */
export async function bootMetricsApp(imports: DynamicModule[], platform: Platform = 'express'): Promise<INestApplication> {
  return bootApp({
    platform,
    imports,
    controllers: [ItemsController, FailuresController],
    providers: [ItemsService, { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true }) }],
  });
}

/** The exposition as Prometheus would get it (text format unless `accept` says otherwise). */
export async function scrape(app: INestApplication, path = '/metrics', accept?: string): Promise<string> {
  const req = request(app.getHttpServer()).get(path);
  if (accept) req.set('Accept', accept);
  const res = await req.expect(200);
  return res.text;
}

/** The sample lines (no comments) of an exposition. */
export function sampleLines(exposition: string): string[] {
  return exposition.split('\n').filter((l) => l.length > 0 && !l.startsWith('#'));
}
