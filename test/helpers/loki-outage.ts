import type { LokiReport } from 'nestjs-observability';
import { eventually } from './eventually.js';
import { bootLokiApp, LineProducer, lokiNotices, receivedSeqs, waitForReport } from './loki-app.js';
import { FakeLoki, type LokiMode } from './loki-server.js';

export interface OutageScenario {
  /** Lines per second, all along. */
  rate: number;
  upMs: number;
  /** How Loki fails, and for how long. */
  outage: LokiMode;
  downMs: number;
  /** Up again, still producing, for this long; then production stops and the shipper gets `drainMs` to finish. */
  recoverMs: number;
  drainMs: number;
  /** The `logging.loki` section (endpoint and labels are filled in). */
  loki: Record<string, unknown>;
}

export interface OutageResult {
  /** The producer's numbered lines (the shipper also ships its own notices: see `notices`). */
  produced: number;
  /** What the app logged about Loki failing and recovering. */
  notices: ReturnType<typeof lokiNotices>;
  /** Distinct lines Loki received, and how many arrived more than once. */
  delivered: number;
  duplicates: number;
  report: LokiReport;
  /** The most requests the fake Loki ever had open at once. */
  maxOpen: number;
  /** What the buffer could not hold: lines not yet sent when Loki first accepted a push again, minus the buffer size. */
  overflow: number;
  /** From the switch back to up until every line produced before it was in Loki (ms). */
  catchUpMs: number;
  protocolErrors: string[];
}

/** Up, down, up again, at a steady rate, in this process: the scaled-down acceptance scenario. */
export async function runOutage(s: OutageScenario): Promise<OutageResult> {
  const loki = await new FakeLoki().start();
  const booted = await bootLokiApp(loki, s.loki);
  const producer = new LineProducer(booted.logging, s.rate);
  try {
    producer.start();
    // The outage begins once Loki has taken a push (on a busy machine the shipper's worker may start late), and
    // ends once the app has said it is failing: the timeline is measured from what happened, not from the clock.
    await sleep(s.upMs);
    await eventually(() => loki.pushes.length > 0, { timeoutMs: 20_000, describe: () => 'no push reached Loki' });
    const down = Date.now();
    await loki.setMode(s.outage);
    const sentBefore = loki.received;
    await sleep(s.downMs - (Date.now() - down));
    await eventually(() => lokiNotices(booted.logs).failing.length > 0, {
      timeoutMs: 20_000,
      describe: () => 'the app never logged that Loki is failing',
    });
    await loki.setMode({ kind: 'up' });
    const recovered = Date.now();
    const producedAtRecovery = producer.count;
    let catchUpMs = Number.NaN;
    const seen = new Set<number>();
    let pushesSeen = 0;
    let before = 0;
    const watch = setInterval(() => {
      for (const push of loki.pushes.slice(pushesSeen)) {
        for (const s of push.streams) {
          for (const [, line] of s.values) {
            const seq = (JSON.parse(line) as { seq?: unknown }).seq;
            if (typeof seq !== 'number') continue;
            if (!seen.has(seq) && seq < producedAtRecovery) before++;
            seen.add(seq);
          }
        }
      }
      pushesSeen = loki.pushes.length;
      if (Number.isNaN(catchUpMs) && before === producedAtRecovery) catchUpMs = Date.now() - recovered;
    }, 50);
    await sleep(s.recoverMs);
    producer.stop();
    const own = () => Object.values(lokiNotices(booted.logs)).reduce((n, lines) => n + lines.length, 0);
    const report = await waitForReport(booted.shipper, (r) => r.produced === producer.count + own() && r.buffered === 0, s.drainMs);
    clearInterval(watch);
    const seqs = receivedSeqs(loki.entries);
    const firstAfter = loki.pushes.find((p) => p.at >= recovered);
    const maxEntries = (s.loki['buffer_max_entries'] as number | undefined) ?? 200_000;
    const unsent = firstAfter ? producer.producedAt(firstAfter.at) - sentBefore : 0;
    return {
      produced: producer.count,
      notices: lokiNotices(booted.logs),
      delivered: new Set(seqs).size,
      duplicates: seqs.length - new Set(seqs).size,
      report,
      maxOpen: loki.maxOpen,
      overflow: Math.max(0, unsent - maxEntries),
      catchUpMs,
      protocolErrors: loki.protocolErrors,
    };
  } finally {
    producer.stop();
    await booted.app.close();
    await loki.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
