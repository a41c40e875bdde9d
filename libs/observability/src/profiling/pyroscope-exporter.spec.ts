import { describe, expect, it, vi } from 'vitest';
import type { EgressRequest, EgressResult, EgressTransport } from '../common/index.js';
import { ProfilingMetrics, type ProfilingMetricsSource } from './profiling-metrics.js';
import { pyroscopeName, PyroscopeExporter, type PyroscopeUpload } from './pyroscope-exporter.js';

function counters() {
  const counts = new Map<string, number>();
  const source: ProfilingMetricsSource = {
    gauge: () => undefined,
    counter: ({ name }) => ({
      inc: (labels, value = 1) =>
        void counts.set(`${name}${JSON.stringify(labels)}`, (counts.get(`${name}${JSON.stringify(labels)}`) ?? 0) + value),
    }),
  };
  return { counts, metrics: new ProfilingMetrics(source) };
}

const upload = (i: number): PyroscopeUpload => ({
  data: Buffer.from([i]),
  from: new Date(1_000_000),
  until: new Date(1_010_500),
  sampleRate: 100,
});

describe('PyroscopeExporter', () => {
  it('sends one upload at a time, keeps at most 4 waiting and counts the oldest it drops', async () => {
    const { counts, metrics } = counters();
    const answers: ((r: EgressResult) => void)[] = [];
    const sent: { url: string; body: number }[] = [];
    const post = vi.fn(({ url, body }: EgressRequest) => {
      sent.push({ url, body: body[0]! });
      return new Promise<EgressResult>((resolve) => answers.push(resolve));
    });
    const transport: EgressTransport = { post, close: vi.fn(async () => undefined) };
    const events = { failing: vi.fn(), recovered: vi.fn() };
    const exporter = new PyroscopeExporter(
      { endpoint: 'http://pyro:4040/', name: 'app{service=app}', timeoutMs: 60_000 },
      metrics,
      events,
      transport,
    );
    for (let i = 1; i <= 6; i++) exporter.push(upload(i));
    expect(sent.map((s) => s.body)).toEqual([1]);
    expect(counts.get('profiles_dropped_total{"reason":"queue_full"}')).toBe(1);
    while (sent.length < 5) {
      answers[sent.length - 1]!({ status: 200 });
      await vi.waitFor(() => expect(post).toHaveBeenCalledTimes(sent.length));
      await new Promise((r) => setImmediate(r));
    }
    // Upload 2 was the oldest waiting when the sixth arrived.
    expect(sent.map((s) => s.body)).toEqual([1, 3, 4, 5, 6]);
    expect(new URL(sent[0]!.url).search).toBe(
      '?name=app%7Bservice%3Dapp%7D&from=1000&until=1011&format=pprof&spyName=nodespy&sampleRate=100',
    );
    answers[4]!({ status: 500 });
    await vi.waitFor(() => expect(events.failing).toHaveBeenCalledWith('HTTP 500'));
    expect(counts.get('profiles_dropped_total{"reason":"rejected"}')).toBe(1);
    await exporter.shutdown(10);
    expect(transport.close).toHaveBeenCalledOnce();
  });

  it('names the application with its tags sorted, in the form Pyroscope parses', () => {
    expect(pyroscopeName('assistant', { version: '1.0', service: 'assistant', environment: 'prod eu' })).toBe(
      'assistant{environment=prod_eu,service=assistant,version=1.0}',
    );
  });
});
