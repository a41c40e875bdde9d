import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Logger, Post } from '@nestjs/common';
import { Metered } from 'nestjs-observability';
import { DEFAULT_MODEL } from '../chat/chat.service.js';
import { CreateAgentDto, type Agent } from './agents.dto.js';
import { AgentsStore } from './agents.store.js';

@Controller('api/agents')
export class AgentsController {
  private readonly logger = new Logger(AgentsController.name);

  constructor(private readonly agents: AgentsStore) {}

  @Get()
  list(): Promise<Agent[]> {
    return this.agents.list();
  }

  @Post()
  @Metered('create_agent')
  async create(@Body() body: CreateAgentDto): Promise<Agent> {
    const agent: Agent = {
      id: randomUUID(),
      name: body.name,
      model: body.model ?? DEFAULT_MODEL,
      instructions: body.instructions,
      created_at: new Date().toISOString(),
    };
    if ((await this.agents.count()) >= 1_000) throw new Error('agent limit reached');
    await this.agents.add(agent);
    this.logger.log({ agent_id: agent.id, model: agent.model, msg: 'agent created' });
    return agent;
  }
}
