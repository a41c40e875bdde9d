// The card's libraries as an expert tunes them, for the same endpoint as `suite`: nestjs-pino whose request line
// carries what the suite's does and no more (a UUID request id, method, url, user agent, status, duration, ISO time;
// not the route template, which pino-http's middleware does not see), written to a file through an asynchronous
// pino.destination (sync: false, 4 KiB minimum write); the same @willsoto/nestjs-prometheus + RED interceptor as
// `peers-usual`; the OpenTelemetry NodeSDK with the http instrumentation only, started by
// bench/preload/peers-tuned.mjs.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Logger, LoggerModule } from 'nestjs-pino';
import { logFile, RedMetricsModule } from '../peers.mjs';

const pinoHttp = {
  genReqId: (req) => req.headers['x-request-id'] ?? randomUUID(),
  customAttributeKeys: { responseTime: 'duration_ms' },
  timestamp: pino.stdTimeFunctions.isoTime,
  serializers: {
    req: (req) => ({ id: req.id, method: req.method, url: req.url, user_agent: req.headers['user-agent'] }),
    res: (res) => ({ status_code: res.statusCode }),
  },
};

export async function imports() {
  const destination = pino.destination({ dest: logFile('peers-tuned'), sync: false, minLength: 4096 });
  return [LoggerModule.forRoot({ pinoHttp: [pinoHttp, destination] }), RedMetricsModule];
}

export async function setup(app) {
  app.useLogger(app.get(Logger));
}
