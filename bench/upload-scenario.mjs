// What the bare-*-15s scenarios share: the bare endpoint, plus one 64 KB POST every 15 s (the first at startup), as a
// telemetry exporter makes them. `client`: who sends it: `http` (node:http in the app's thread), `fetch` (the app's
// thread) or `worker` (node:http in a worker thread). `sink`: `process` (a receiver in a process of its own, as a real
// one is; bench/sink-process.mjs) or `own` (a receiver served by the measured server's own process).
import { createServer, request } from 'node:http';
import { Worker } from 'node:worker_threads';
import { acceptAndDiscard, startSink } from './sink-process.mjs';

const WORKER = `
const { parentPort } = require('node:worker_threads');
const { request } = require('node:http');
parentPort.on('message', ({ url, body }) => {
  request(url, { method: 'POST', timeout: 10_000 }, (res) => res.resume()).on('error', () => undefined).end(Buffer.from(body));
});`;

export function uploadScenario({ client, sink }) {
  return async function imports() {
    const url = `${sink === 'own' ? await ownSink() : await startSink()}/ingest`;
    const send = sender(client);
    const post = () => send(url, new ArrayBuffer(64 * 1024));
    post();
    setInterval(post, 15_000).unref();
    return [];
  };
}

function sender(client) {
  if (client === 'fetch') return (url, body) => void fetch(url, { method: 'POST', body }).catch(() => undefined);
  if (client === 'http') {
    return (url, body) =>
      request(url, { method: 'POST', timeout: 10_000 }, (res) => res.resume())
        .on('error', () => undefined)
        .end(Buffer.from(body));
  }
  const worker = new Worker(WORKER, { eval: true });
  worker.unref();
  return (url, body) => worker.postMessage({ url, body }, [body]);
}

async function ownSink() {
  const server = createServer(acceptAndDiscard);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return `http://127.0.0.1:${server.address().port}`;
}
