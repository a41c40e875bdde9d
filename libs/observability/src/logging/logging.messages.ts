import { LOG_LEVELS } from '../config/index.js';

export const UNKNOWN_LOG_LEVEL = (level: unknown): string =>
  `Unknown log level ${JSON.stringify(level)}; expected one of ${LOG_LEVELS.join(', ')}`;

export const REJECTION_NOTICE_MSG = 'requests refused by the HTTP parser before any handler';
