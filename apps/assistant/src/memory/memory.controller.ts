import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { MemoryService, type MemoryEntry } from './memory.service.js';

@Controller('api/memory')
export class MemoryController {
  constructor(private readonly memory: MemoryService) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<MemoryEntry> {
    const entry = await this.memory.get(id);
    if (!entry) throw new NotFoundException(`No conversation ${id}`);
    return entry;
  }
}
