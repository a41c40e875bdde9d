// As `bare-http-15s-ext`, with the POSTs made by node:http in a worker thread (the main thread hands it the body), as
// the suite's background uploads are made (libs/observability/src/common/egress/).
import { uploadScenario } from '../upload-scenario.mjs';

export const imports = uploadScenario({ client: 'worker', sink: 'process' });
