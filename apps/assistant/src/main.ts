import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { observabilitySummary } from 'nestjs-observability';
import { createAssistantApp } from './bootstrap.js';
import { exitOnConfigError } from './config-file.js';

const app = await createAssistantApp().catch(exitOnConfigError);
// PORT=0 takes any free port; the lines below say which.
await app.listen(Number(process.env['PORT'] ?? 3000));
const { port } = app.getHttpServer().address() as AddressInfo;
const logger = new Logger('Assistant');
logger.log({ port, msg: `Assistant listening on http://localhost:${port}` });
const { msg, ...where } = observabilitySummary(app);
logger.log({ ...where, msg });
