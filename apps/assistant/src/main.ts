import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createAssistantApp } from './bootstrap.js';

const port = Number(process.env['PORT'] ?? 3000);
const app = await createAssistantApp();
await app.listen(port);
new Logger('Assistant').log({ port, msg: `Assistant listening on http://localhost:${port}` });
