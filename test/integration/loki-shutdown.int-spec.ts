import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.js';
import { FakeLoki } from '../helpers/loki-server.js';

// The built demo app as a real process: SIGTERM while thousands of lines wait for a Loki that hangs.
const MAIN = fileURLToPath(new URL('../../apps/assistant/dist/main.js', import.meta.url));

function get(agent: Agent, port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

describe('the demo app, SIGTERM with Loki hanging', () => {
  const loki = new FakeLoki();
  afterAll(() => loki.close());

  it('exits within 3 s with code 0 and reports the entries it could not send', async () => {
    await loki.start();
    await loki.setMode({ kind: 'hang' });
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, PORT: String(port), LOKI_ENABLED: 'true', LOKI_URL: loki.url, LOG_OUTPUT: 'stdout', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    let lines = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      lines += chunk.split('\n').length - 1;
    });
    const deadline = Date.now() + 30_000;
    while (!out.includes('Assistant listening')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`demo app did not start:\n${out}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // At least 5,000 lines (one per request, plus the app's own), none of which the hanging Loki can take.
    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    let sent = 0;
    while (lines < 5_200) {
      await Promise.all(Array.from({ length: 200 }, () => get(agent, port, '/api/agents')));
      sent += 200;
      if (Date.now() > deadline + 60_000) throw new Error(`only ${lines} lines after ${sent} requests`);
    }
    agent.destroy();
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // the last batch is built (flush_interval 1s)

    const killed = Date.now();
    child.kill('SIGTERM');
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
    const took = Date.now() - killed;
    console.log(`SIGTERM → exit in ${took} ms (code ${code}, signal ${signal}); ${lines} lines written`);
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(took).toBeLessThan(3_000);

    const report = out
      .split('\n')
      .filter((l) => l.includes('loki shipping stopped'))
      .map(
        (l) =>
          JSON.parse(l) as {
            level: string;
            msg: string;
            loki: { produced: number; sent: number; buffered: number; dropped: Record<string, number> };
          },
      )[0];
    expect(report).toBeDefined();
    expect(report!.level).toBe('warn');
    expect(report!.loki.sent).toBe(0);
    expect(report!.loki.buffered).toBe(0);
    expect(report!.loki.dropped['shutdown']).toBe(report!.loki.produced);
    expect(report!.loki.produced).toBeGreaterThanOrEqual(5_000);
    expect(report!.msg).toBe(
      `loki shipping stopped: 0 of ${report!.loki.produced} log entries sent, dropped ${report!.loki.produced} shutdown`,
    );
    expect(loki.maxOpen).toBeLessThanOrEqual(2);
  });
});
