import { Injectable } from '@nestjs/common';

export interface MemoryEntry {
  id: string;
  messages: { role: 'user' | 'assistant'; content: string; at: string }[];
}

/** Conversation memory, kept in this process. */
@Injectable()
export class MemoryService {
  private readonly conversations = new Map<string, MemoryEntry>();

  append(id: string, role: 'user' | 'assistant', content: string): void {
    const entry = this.conversations.get(id) ?? { id, messages: [] };
    entry.messages.push({ role, content, at: new Date().toISOString() });
    // Memory is bounded like any cache in a long-running process.
    if (entry.messages.length > 100) entry.messages.splice(0, entry.messages.length - 100);
    this.conversations.set(id, entry);
    if (this.conversations.size > 10_000) {
      const oldest = this.conversations.keys().next().value;
      if (oldest !== undefined) this.conversations.delete(oldest);
    }
  }

  get(id: string): MemoryEntry | undefined {
    return this.conversations.get(id);
  }
}
