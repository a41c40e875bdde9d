// Where the peer preloads export spans. BENCH_OTLP_URL (for test/bench-peers.e2e-spec.ts; the bench leaves it unset):
// the test's collector; by default a sink in this process that accepts and discards them, started before the SDK so
// that its own requests are not traced.
import { once } from 'node:events';
import { createServer } from 'node:http';

/** The OTLP/HTTP traces endpoint: the test's collector, or a sink in this process that answers 200 to everything. */
export async function otlpTracesUrl() {
  if (process.env.BENCH_OTLP_URL) return process.env.BENCH_OTLP_URL;
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  sink.listen(0, '127.0.0.1');
  await once(sink, 'listening');
  sink.unref();
  return `http://127.0.0.1:${sink.address().port}/v1/traces`;
}
