import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service.js';

export interface MemoryEntry {
  id: string;
  messages: { role: 'user' | 'assistant'; content: string; at: string }[];
}

/** Messages kept per conversation, and in all: the embedded database lives in this process's memory. */
const PER_CONVERSATION = 100;
const IN_ALL = 100_000;

/** Conversation memory, in the app's database. */
@Injectable()
export class MemoryService {
  constructor(private readonly database: DatabaseService) {}

  async append(id: string, role: 'user' | 'assistant', content: string): Promise<void> {
    await this.database.query('INSERT INTO memory_messages (conversation_id, role, content, at) VALUES ($1, $2, $3, $4)', [
      id,
      role,
      content,
      new Date().toISOString(),
    ]);
    await this.database.query(
      'DELETE FROM memory_messages WHERE conversation_id = $1 AND seq <= (SELECT seq FROM memory_messages WHERE conversation_id = $1 ORDER BY seq DESC LIMIT 1 OFFSET $2)',
      [id, PER_CONVERSATION],
    );
    await this.database.query('DELETE FROM memory_messages WHERE seq <= (SELECT MAX(seq) FROM memory_messages) - $1', [IN_ALL]);
  }

  async get(id: string): Promise<MemoryEntry | undefined> {
    const rows = await this.database.query<MemoryEntry['messages'][number]>(
      'SELECT role, content, at FROM memory_messages WHERE conversation_id = $1 ORDER BY seq',
      [id],
    );
    return rows.length > 0 ? { id, messages: rows.map(({ role, content, at }) => ({ role, content, at })) } : undefined;
  }
}
