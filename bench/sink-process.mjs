// A sink for uploads (the Pyroscope and bare-*-15s-ext scenarios) in a process of its own, as a real receiver is: it accepts every POST,
// discards the body and answers 200. A sink served by the measured server's own process would run Node's server-side
// request code on upload bodies there, which changes what that code is optimised for (measured: docs/performance.md).
// startSink() resolves to its URL; the sink exits with the process that started it.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

/** The receiver's whole behaviour: read the body to its end, answer 200. */
export function acceptAndDiscard(req, res) {
  req.resume().on('end', () => res.writeHead(200).end());
}

if (process.argv[2] === 'serve') {
  const sink = createServer(acceptAndDiscard);
  sink.listen(0, '127.0.0.1', () => process.stdout.write(`sink ${sink.address().port}\n`));
  // Gone when the parent is: its end of the stdin pipe closes.
  process.stdin.on('end', () => process.exit(0)).resume();
}

export async function startSink() {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /sink (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`sink exited with ${code}`)));
  });
  // From now on the sink does not keep this process alive.
  child.unref();
  child.stdout.destroy();
  child.stdin.unref?.();
  process.on('exit', () => child.kill());
  return `http://127.0.0.1:${port}`;
}
