import { EventEmitter } from 'node:events';
import { Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { RequestProbe } from './request-probe.js';

/** A server whose one listener plays the suite: its end-of-request work advances the clock by `costs[i]` ms. */
function serverWithSuite(costs: number[], clock: { now: number }) {
  const server = new Server();
  let i = 0;
  const handled: number[] = [];
  const listener = (_req: IncomingMessage, res: ServerResponse): void => {
    const cost = costs[i++] ?? 0;
    handled.push(cost);
    res.on('close', () => {
      clock.now += cost;
    });
  };
  server.on('request', listener);
  return { server, handled, listener };
}

function serve(server: Server, n: number): void {
  for (let i = 0; i < n; i++) {
    const res = new EventEmitter();
    server.emit('request', {}, res);
    res.emit('close');
  }
}

describe('RequestProbe', () => {
  it('counts every request and times the suite’s end-of-request work for one in `every`', () => {
    const clock = { now: 0 };
    // Requests 2, 4, 6 and 8 are timed; their work costs 0.2, 0.4, 0.6 and 0.8 ms.
    const { server, handled } = serverWithSuite([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], clock);
    const probe = new RequestProbe(2, () => clock.now);
    expect(probe.attach(server)).toBe(true);
    serve(server, 8);
    expect(handled).toHaveLength(8);
    const { requests, overheadSeconds } = probe.take();
    expect(requests).toBe(8);
    expect(overheadSeconds).toBeCloseTo(0.0005, 12);
    expect(probe.take()).toEqual({ requests: 0, overheadSeconds: undefined });
  });

  it('leaves the slowest tenth out: a descheduled reading does not outweigh the real ones', () => {
    const clock = { now: 0 };
    const costs = [...Array.from({ length: 19 }, () => 0.02), 50];
    const { server } = serverWithSuite(costs, clock);
    const probe = new RequestProbe(1, () => clock.now);
    probe.attach(server);
    serve(server, 20);
    // 20 timed, the slowest 2 left out: 18 × 0.02 ms.
    expect(probe.take().overheadSeconds).toBeCloseTo(0.00002, 12);
  });

  it('wraps a server once, and puts its listeners back when stopped', () => {
    const clock = { now: 0 };
    const { server, listener } = serverWithSuite([], clock);
    const probe = new RequestProbe(64);
    expect(probe.attach(server)).toBe(true);
    expect(new RequestProbe(64).attach(server)).toBe(false);
    expect(server.listeners('request')).not.toContain(listener);
    probe.stop();
    probe.stop();
    expect(server.listeners('request')).toEqual([listener]);
    expect(new RequestProbe(64).attach(server)).toBe(true);
  });
});
