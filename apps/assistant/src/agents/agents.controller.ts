import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Logger, Post } from '@nestjs/common';
import { DEFAULT_MODEL } from '../chat/chat.service.js';
import { CreateAgentDto, type Agent } from './agents.dto.js';

@Controller('api/agents')
export class AgentsController {
  private readonly logger = new Logger(AgentsController.name);
  private readonly agents = new Map<string, Agent>();

  @Get()
  list(): Agent[] {
    return [...this.agents.values()];
  }

  @Post()
  create(@Body() body: CreateAgentDto): Agent {
    const agent: Agent = {
      id: randomUUID(),
      name: body.name,
      model: body.model ?? DEFAULT_MODEL,
      instructions: body.instructions,
      created_at: new Date().toISOString(),
    };
    if (this.agents.size >= 1_000) throw new Error('agent limit reached');
    this.agents.set(agent.id, agent);
    this.logger.log({ agent_id: agent.id, model: agent.model, msg: 'agent created' });
    return agent;
  }
}
