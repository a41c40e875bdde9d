import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eventually } from './eventually.js';
import type { ProducerMessage, ProducerOptions } from './loki-producer.js';

type Tick = Extract<ProducerMessage, { type: 'tick' }> & { at: number };
type Closed = Extract<ProducerMessage, { type: 'closed' }>;

/** A producer child process (test/helpers/loki-producer.ts, on the built package) and what it reported. */
export class ProducerChild {
  readonly ticks: Tick[] = [];
  readonly problems: string[] = [];
  closed: Closed | undefined;
  private readonly child: ChildProcess;

  constructor(options: ProducerOptions) {
    const script = fileURLToPath(new URL('./loki-producer.ts', import.meta.url));
    this.child = fork(script, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
    this.child.on('message', (message: ProducerMessage) => {
      if (message.type === 'tick') this.ticks.push({ ...message, at: Date.now() });
      else if (message.type === 'closed') this.closed = message;
      else this.problems.push(message.error);
    });
  }

  get last(): Tick | undefined {
    return this.ticks.at(-1);
  }

  /** Highest RSS reported at or after time `from`. */
  maxRss(from: number): number {
    return Math.max(0, ...this.ticks.filter((t) => t.at >= from).map((t) => t.rss));
  }

  /** Lines produced by time `t`, interpolated between the two reports around it (the rate is steady). */
  producedAt(t: number): number {
    const after = this.ticks.findIndex((tick) => tick.at >= t);
    const b = this.ticks[after];
    const a = this.ticks[after - 1];
    if (!b) return this.last?.produced ?? 0;
    if (!a) return b.produced;
    return Math.round(a.produced + ((b.produced - a.produced) * (t - a.at)) / Math.max(1, b.at - a.at));
  }

  async waitFor(predicate: (tick: Tick) => boolean, timeoutMs: number): Promise<Tick> {
    return eventually(
      () => {
        const last = this.last;
        return last !== undefined && predicate(last) && last;
      },
      { timeoutMs, intervalMs: 50, describe: () => `producer child: last report ${JSON.stringify(this.last)}` },
    );
  }

  stop(): void {
    this.child.send('stop');
  }

  async close(timeoutMs = 10_000): Promise<Closed> {
    this.child.send('close');
    return eventually(() => this.closed ?? false, { timeoutMs, describe: () => 'producer child did not close' });
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
