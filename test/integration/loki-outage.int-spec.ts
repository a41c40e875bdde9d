import { afterAll, describe, expect, it } from 'vitest';
import { ProducerChild } from '../helpers/loki-child.js';
import { FakeLoki } from '../helpers/loki-server.js';

// The full-length acceptance scenario: 2,000 lines/s, 15 s up, 60 s refused (or hanging), 30 s up again, in child
// processes running the built package, so RSS is the shipper's own. LOKI_SOAK_SCALE=0.2 shortens every phase.
const SCALE = Number(process.env['LOKI_SOAK_SCALE'] ?? 1);
const RATE = 2_000;
const UP_MS = 15_000 * SCALE;
const DOWN_MS = 60_000 * SCALE;
const RECOVER_MS = 30_000 * SCALE;
const SMALL_BUFFER = Math.round(20_000 * SCALE);
const MB = 1024 * 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seqOf = (line: string) => (JSON.parse(line) as { seq?: unknown }).seq;

/** When each distinct numbered line first arrived (the shipper's own lines, Loki failing and recovered, have no seq). */
function arrivals(loki: FakeLoki): Map<number, number> {
  const at = new Map<number, number>();
  for (const push of loki.pushes)
    for (const s of push.streams)
      for (const [, line] of s.values) {
        const seq = seqOf(line);
        if (typeof seq === 'number' && !at.has(seq)) at.set(seq, push.at);
      }
  return at;
}

describe(`Loki outage at ${RATE} lines/s: ${UP_MS / 1000}s up, ${DOWN_MS / 1000}s down, ${RECOVER_MS / 1000}s up`, () => {
  const lokis = { refused: new FakeLoki(), small: new FakeLoki(), hanging: new FakeLoki(), control: new FakeLoki() };
  const children: ProducerChild[] = [];
  afterAll(async () => {
    for (const c of children) c.kill();
    for (const l of Object.values(lokis)) await l.close();
  });

  // The scripted phases, plus the deadlines the test gives itself (start 20 s, drain 45 s) and the children's exit.
  const timeout = UP_MS + DOWN_MS + RECOVER_MS + 90_000;
  it(
    'keeps memory bounded, loses nothing it can hold, counts exactly what overflowed, and never exceeds 2 requests in flight',
    { timeout },
    async () => {
      for (const l of Object.values(lokis)) await l.start();
      const refused = new ProducerChild({ rate: RATE, loki: { endpoint: lokis.refused.url, labels: { service: 'soak' } } });
      const small = new ProducerChild({
        rate: RATE,
        loki: { endpoint: lokis.small.url, labels: { service: 'soak' }, buffer_max_entries: SMALL_BUFFER, batch_size: 50 },
      });
      const hanging = new ProducerChild({ rate: RATE, loki: { endpoint: lokis.hanging.url, labels: { service: 'soak' } } });
      // The same process with Loki up all along: how much RSS grows anyway (V8 sizing its heaps under steady logging).
      const control = new ProducerChild({ rate: RATE, loki: { endpoint: lokis.control.url, labels: { service: 'soak' } } });
      children.push(refused, small, hanging, control);
      for (const c of children) await c.waitFor((t) => t.produced > 0, 20_000);

      await sleep(UP_MS);
      const down = Date.now();
      const baseline = new Map(children.map((c) => [c, c.last!]));
      const sentBeforeSmall = lokis.small.received;
      await Promise.all([
        lokis.refused.setMode({ kind: 'refuse' }),
        lokis.small.setMode({ kind: 'refuse' }),
        lokis.hanging.setMode({ kind: 'hang' }),
      ]);
      await sleep(DOWN_MS);
      const recovered = Date.now();
      const producedAtRecovery = new Map(children.map((c) => [c, c.producedAt(recovered)]));
      await Promise.all(Object.values(lokis).map((l) => l.setMode({ kind: 'up' })));
      await sleep(RECOVER_MS);
      for (const c of children) c.stop();
      const drained = (t: NonNullable<ProducerChild['last']>) =>
        t.report !== undefined && t.report.produced >= t.produced && t.report.buffered === 0;
      await Promise.all([
        refused.waitFor(drained, 10_000),
        small.waitFor(drained, 10_000),
        hanging.waitFor(drained, 45_000),
        control.waitFor(drained, 10_000),
      ]);
      const finals = await Promise.all(children.map((c) => c.close()));

      for (const [i, c] of children.entries()) {
        expect(c.problems).toEqual([]);
        const final = finals[i]!;
        const r = final.report!;
        // The shipper's own lines, shipped like any: one warning when Loki failed, one when it came back (the control: none).
        const own = r.produced - final.produced;
        expect(own).toBe(i === 3 ? 0 : 2);
        // produced = sent + dropped + buffered, and Loki got exactly the sent lines, each once.
        const dropped = Object.values(r.dropped).reduce((a, b) => a + b, 0);
        expect(r.sent + dropped + r.buffered).toBe(r.produced);
        const loki = Object.values(lokis)[i]!;
        expect(loki.received).toBe(r.sent);
        const numbered = arrivals(loki).size;
        expect(loki.entries.filter((e) => typeof seqOf(e.line) === 'number')).toHaveLength(numbered);
        // What Loki never got is what was dropped, but for the shipper's own lines, which may be among the dropped.
        expect(dropped - (final.produced - numbered)).toBeGreaterThanOrEqual(0);
        expect(dropped - (final.produced - numbered)).toBeLessThanOrEqual(own);
        expect(loki.protocolErrors).toEqual([]);
        // Memory: RSS growth from the end of the healthy phase. Under this load V8 grows a heap by steps of ~32 MB at
        // moments of its choosing whether Loki is up or down (the control, with Loki up all along, grew 25–40 MB in
        // runs here), so two bounds: the growth beyond the control's over the same window is what the outage cost and
        // must stay within the 64 MB budget; the raw growth gets that budget plus one such step. The shipper's own
        // buffer (compressed batches plus the batch being filled) is asserted directly too.
        const last = baseline.get(c)!;
        const raw = c.maxRss(down) - last.rss;
        const control = children.at(-1)!;
        const controlRaw = control.maxRss(down) - baseline.get(control)!.rss;
        const maxBufferedBytes = Math.max(...c.ticks.filter((t) => t.at >= down).map((t) => t.report?.bufferedBytes ?? 0));
        console.log(
          `${['refused', 'small buffer', 'hanging', 'control (always up)'][i]}: produced ${r.produced}, sent ${r.sent}, dropped ${JSON.stringify(r.dropped)}, retried ${r.retried}, RSS growth ${(raw / MB).toFixed(1)} MB (control ${(controlRaw / MB).toFixed(1)} MB), buffered at most ${(maxBufferedBytes / MB).toFixed(1)} MB, max in flight ${r.maxInFlightSeen}, fake Loki max open ${loki.maxOpen}`,
        );
        expect(raw - controlRaw).toBeLessThanOrEqual(64 * MB);
        expect(raw).toBeLessThanOrEqual(96 * MB);
        expect(maxBufferedBytes).toBeLessThanOrEqual(32 * MB);
        expect(r.maxInFlightSeen).toBeLessThanOrEqual(2);
        expect(loki.maxOpen).toBeLessThanOrEqual(2);
      }

      // Default buffer, refused: nothing dropped, and every line produced before recovery in Loki within 15 s of it.
      const refusedReport = finals[0]!.report!;
      expect(refusedReport.dropped).toEqual({ buffer_full: 0, rejected: 0, shutdown: 0, worker_exit: 0 });
      expect(refusedReport.sent).toBe(finals[0]!.produced + 2);
      const at = arrivals(lokis.refused);
      let caughtUp = recovered;
      for (let seq = 0; seq < producedAtRecovery.get(refused)!; seq++) caughtUp = Math.max(caughtUp, at.get(seq) ?? Infinity);
      console.log(
        `refused: all ${producedAtRecovery.get(refused)} lines produced before recovery delivered ${caughtUp - recovered} ms after it`,
      );
      expect(caughtUp - recovered).toBeLessThanOrEqual(15_000);

      // Small buffer: what did not fit was dropped (exactly the lines Loki never got, asserted above). How much more was
      // dropped while catching up after recovery depends on the machine, so that is printed, not asserted.
      const firstBack = lokis.small.pushes.find((p) => p.at >= recovered)!;
      const overflow = small.producedAt(firstBack.at) - sentBeforeSmall - SMALL_BUFFER;
      const smallDropped = finals[1]!.report!.dropped.buffer_full;
      console.log(`small buffer: overflow at recovery ${overflow}, dropped ${smallDropped}`);
      expect(overflow).toBeGreaterThan(0);
      expect(smallDropped).toBeGreaterThanOrEqual(overflow - SMALL_BUFFER / 100);

      // Hanging: everything delivered after recovery.
      expect(finals[2]!.report!.dropped).toEqual({ buffer_full: 0, rejected: 0, shutdown: 0, worker_exit: 0 });
      expect(finals[2]!.report!.sent).toBe(finals[2]!.produced + 2);
    },
  );
});
