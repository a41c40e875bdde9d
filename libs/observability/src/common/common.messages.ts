export const SIDE_PORT_FAILED = (serves: string, field: string, host: string | undefined, port: number, reason: string): string =>
  `Cannot serve ${serves} on ${host ?? '*'}:${port} (${field}): ${reason}`;
