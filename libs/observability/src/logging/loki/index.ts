export { LokiService } from './loki.service.js';
export type { LokiReport } from './loki-transport.js';
export type { DropReason as LokiDropReason } from './loki-protocol.js';
