export const SIDE_PORT_FAILED = (serves: string, field: string, host: string | undefined, port: number, reason: string): string =>
  `Cannot serve ${serves} on ${host ?? '*'}:${port} (${field}): ${reason}`;

export const INSTRUMENTATION_NOT_OFFERED = (auto: string, pkg: string): string => `${auto} does not offer ${pkg}`;

export const NO_INSTRUMENTATION_CLASS = (pkg: string): string => `${pkg} exports no instrumentation class`;

export const NOT_A_METHOD = (decorator: string, key: string): string => `${decorator} decorator: ${key} is not a method`;

export const ROUTE_ALREADY_SERVED = (what: string): string =>
  `${what} path already served by another module of the suite in this app; not registered twice`;

export const MANAGEMENT_TOKEN_REQUIRED = 'requires Authorization: Bearer <management.token>';
