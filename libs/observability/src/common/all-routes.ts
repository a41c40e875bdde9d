import { RequestMethod } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces/middleware/middleware-configuration.interface.js';

/**
 * Every path, including the root and the global prefix's own root, in path-to-regexp v8 syntax (express 5,
 * @fastify/middie 9). The leading `{/` is deliberate: `/{*splat}` would not match the prefix root itself.
 */
export const ALL_ROUTES: RouteInfo = { path: '{/*splat}', method: RequestMethod.ALL };
