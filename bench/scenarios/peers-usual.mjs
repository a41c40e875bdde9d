// The card's libraries as usually wired, for the same endpoint as `suite`: nestjs-pino with its default pino-http
// (every request logged with the full req/res serializers) writing to a file through pino.destination's defaults;
// @willsoto/nestjs-prometheus with a global RED interceptor (bench/peers.mjs); the OpenTelemetry NodeSDK with
// getNodeAutoInstrumentations(), started by bench/preload/peers-usual.mjs.
import pino from 'pino';
import { Logger, LoggerModule } from 'nestjs-pino';
import { logFile, RedMetricsModule } from '../peers.mjs';

export async function imports() {
  return [LoggerModule.forRoot({ pinoHttp: [{}, pino.destination(logFile('peers-usual'))] }), RedMetricsModule];
}

export async function setup(app) {
  app.useLogger(app.get(Logger));
}
