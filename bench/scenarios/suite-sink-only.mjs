// `suite` (spans kept in memory) in a server that also spawned bench/sink-process.mjs and never sends it anything:
// against `suite`, what spawning the receiver from the server's process costs the server by itself.
import * as suite from './suite.mjs';
import { startSink } from '../sink-process.mjs';

export async function imports() {
  await startSink();
  return suite.imports();
}

export const setup = suite.setup;
