// The bare endpoint plus a 64 KB POST every 15 s from node:http in the app's thread, to a receiver in a process of its
// own: against `bare`, what an HTTP client in the app's thread costs every request the server serves.
import { uploadScenario } from '../upload-scenario.mjs';

export const imports = uploadScenario({ client: 'http', sink: 'process' });
