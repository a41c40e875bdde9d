import { parentPort } from 'node:worker_threads';
import type { EgressCommand, EgressPost, EgressReply } from './egress-protocol.js';

// The HTTP client of the suite's background uploads, in a thread of its own (see http-egress.ts for why).
const port = parentPort;
if (!port) throw new Error('egress.worker runs only as a worker thread');

const inFlight = new Map<number, AbortController>();

port.on('message', (command: EgressCommand) => {
  if (command.kind === 'abort') inFlight.get(command.id)?.abort();
  else void post(command).then((reply) => port.postMessage(reply));
});

async function post({ id, url, body, headers, timeoutMs }: EgressPost): Promise<EgressReply> {
  const aborted = new AbortController();
  const timeout = AbortSignal.timeout(timeoutMs);
  inFlight.set(id, aborted);
  try {
    const response = await fetch(url, {
      method: 'POST',
      body: new Uint8Array(body),
      headers,
      signal: AbortSignal.any([aborted.signal, timeout]),
    });
    // Read to the end, so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
    return { id, status: response.status };
  } catch (error) {
    if (aborted.signal.aborted) return { id, failure: 'aborted', detail: 'aborted' };
    if (timeout.aborted) return { id, failure: 'timeout', detail: `no answer within ${timeoutMs}ms` };
    // fetch's own message may quote the URL: only the cause's code (ECONNREFUSED, ENOTFOUND…) goes back.
    const cause = (error as { cause?: { code?: unknown } }).cause;
    return { id, failure: 'unreachable', detail: typeof cause?.code === 'string' ? cause.code : 'network error' };
  } finally {
    inFlight.delete(id);
  }
}
