import type { Database } from './database.js';

/** The same tables in each engine's words (identity columns are the one thing they spell differently). */
const IDENTITY = { postgresql: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY', sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT' } as const;

export function schemaStatements(engine: Database['engine']): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS memory_messages (
      seq ${IDENTITY[engine]},
      conversation_id TEXT NOT NULL,
      role TEXT NOT NULL,
      content TEXT NOT NULL,
      at TEXT NOT NULL
    )`,
    'CREATE INDEX IF NOT EXISTS memory_messages_conversation ON memory_messages (conversation_id, seq)',
    `CREATE TABLE IF NOT EXISTS agents (
      seq ${IDENTITY[engine]},
      id TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      model TEXT NOT NULL,
      instructions TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`,
  ];
}
