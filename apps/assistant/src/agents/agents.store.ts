import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service.js';
import type { Agent } from './agents.dto.js';

/** Agents, in the app's database. */
@Injectable()
export class AgentsStore {
  constructor(private readonly database: DatabaseService) {}

  list(): Promise<Agent[]> {
    return this.database.query<Agent & Record<string, unknown>>(
      'SELECT id, name, model, instructions, created_at FROM agents ORDER BY seq',
    );
  }

  async count(): Promise<number> {
    const [row] = await this.database.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM agents');
    return Number(row?.n ?? 0);
  }

  async add(agent: Agent): Promise<void> {
    await this.database.query('INSERT INTO agents (id, name, model, instructions, created_at) VALUES ($1, $2, $3, $4, $5)', [
      agent.id,
      agent.name,
      agent.model,
      agent.instructions,
      agent.created_at,
    ]);
  }
}
