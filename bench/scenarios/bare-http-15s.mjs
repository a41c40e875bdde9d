// The bare endpoint plus a 64 KB POST every 15 s from node:http in the app's thread, to a receiver served by this
// same process: against `bare`, what that costs every request the server serves (compare `bare-http-15s-ext`).
import { uploadScenario } from '../upload-scenario.mjs';

export const imports = uploadScenario({ client: 'http', sink: 'own' });
