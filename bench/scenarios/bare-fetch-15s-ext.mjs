// As `bare-http-15s-ext`, with the POSTs made by `fetch` in the app's thread.
import { uploadScenario } from '../upload-scenario.mjs';

export const imports = uploadScenario({ client: 'fetch', sink: 'process' });
