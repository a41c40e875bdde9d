/**
 * `npm start` preloads this (`node --import ./dist/preload.js dist/main.js`): it settles which configuration file
 * the demo uses before tracing starts from it, so the preload and the app read the same file. It imports nothing of
 * the library's main entry, which would load Nest before auto-instrumentation patches it.
 */
import { assistantConfigFile, exitOnConfigError } from './config-file.js';

process.env['OBSERVABILITY_CONFIG'] = assistantConfigFile(process.env);
await import('nestjs-observability/register').catch(exitOnConfigError);
