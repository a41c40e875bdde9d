import type { LabelMatcher } from '../promql/ast.js';
import { labelsKey, METRIC_NAME, type Labels } from '../promql/labels.js';
import type { RangeSeries, Sample, SampleSource, Selection } from '../promql/values.js';
import { SeriesBlock } from './series-block.js';
import { SeriesBuffer, type StoredExemplar } from './series-buffer.js';

export interface SampleStoreOptions {
  /** Samples older than this are not needed by any rule: series with nothing newer are dropped. */
  readonly retentionMs: number;
  /** Samples kept per series (the ring's size): retention divided by the scrape interval, plus a margin. */
  readonly samplesPerSeries: number;
  /** Series beyond this many are not stored (counted in {@link SampleStore.droppedSeries}). */
  readonly maxSeries: number;
}

/** One value read from the registry at a scrape. */
export interface ScrapedSample {
  readonly labels: Labels;
  readonly value: number;
  /** The latest exemplar of the series; it is dated by the scrape that first saw it (the store's clock). */
  readonly exemplar?: { readonly traceId: string; readonly value: number };
}

/** Series per block of storage: the first blocks are small (tests and small apps), later ones up to this. */
const MAX_BLOCK_COLUMNS = 512;
const FIRST_BLOCK_COLUMNS = 8;

/** Selections remembered at most (one per selector of the loaded rules; the bound only matters for ad-hoc callers). */
const MAX_SELECTIONS = 4096;

interface NameIndex {
  readonly series: Set<SeriesBuffer>;
  /** Changes whenever a series of this name is added or dropped. */
  version: number;
}

interface CachedSelection {
  readonly selection: Selection;
  /** The metric name the selector is limited to, if it has an equality matcher on it. */
  readonly name?: string;
  readonly version: number;
}

/**
 * The bounded in-memory time series store alert rules read: a ring of recent samples per series, indexed by
 * metric name. Memory is bounded by `maxSeries × samplesPerSeries`; a series that stops appearing gets a
 * staleness marker (as Prometheus writes one), so instant selectors stop returning it at once.
 *
 * A selector's series are matched once and remembered until a series of its metric appears or is dropped, so
 * an evaluation over a steady set of series matches no labels at all.
 */
export class SampleStore implements SampleSource {
  private readonly series = new Map<string, SeriesBuffer>();
  private readonly byName = new Map<string, NameIndex>();
  /** Series that carry exemplars (histogram buckets with trace ids): the only ones an exemplar lookup reads. */
  private readonly withExemplars = new Set<SeriesBuffer>();
  private readonly selections = new Map<readonly LabelMatcher[], CachedSelection>();
  /** Blocks with a free column, oldest first. */
  private readonly blocksWithRoom = new Set<SeriesBlock>();
  private nextBlockColumns = FIRST_BLOCK_COLUMNS;
  /** Bumped whenever any series is added or dropped. */
  private version = 0;
  private scrapes = 0;
  /** The series of the last scrape, in its order. */
  private scrapeOrder: ReadonlyArray<SeriesBuffer | undefined> = [];
  /** Series refused because the store was full, since start. */
  droppedSeries = 0;

  constructor(private readonly options: SampleStoreOptions) {}

  get seriesCount(): number {
    return this.series.size;
  }

  /**
   * Records one scrape taken at `time`: every sample, and a staleness marker for each series that is missing. A
   * registry lists its series in the same order at every scrape, so each sample is first compared with the series
   * at its position in the previous scrape, and only looked up by key when that is another one.
   */
  ingest(time: number, samples: Iterable<ScrapedSample>): void {
    const scrape = ++this.scrapes;
    const previous = this.scrapeOrder;
    const order: Array<SeriesBuffer | undefined> = [];
    for (const sample of samples) {
      const candidate = previous[order.length];
      let buffer: SeriesBuffer | undefined;
      if (candidate && !candidate.dropped && candidate.seenIn !== scrape && sameLabels(candidate, sample.labels)) {
        buffer = candidate;
        buffer.push(time, sample.value);
      } else buffer = this.append(sample.labels, time, sample.value);
      order.push(buffer);
      if (!buffer) continue;
      buffer.seenIn = scrape;
      if (sample.exemplar) this.addExemplar(buffer, { ...sample.exemplar, time });
    }
    this.scrapeOrder = order;
    for (const [key, buffer] of this.series) {
      if (buffer.seenIn === scrape) continue;
      if (!buffer.endsStale) buffer.push(time, NaN, true);
      if (buffer.lastLive <= time - this.options.retentionMs) this.delete(key, buffer);
    }
  }

  /** Appends one sample (tests and the promtool parity check feed series this way). */
  append(labels: Labels, time: number, value: number): SeriesBuffer | undefined {
    const key = labelsKey(labels);
    let buffer = this.series.get(key);
    if (!buffer) {
      if (this.series.size >= this.options.maxSeries) {
        this.droppedSeries++;
        return undefined;
      }
      const [block, column] = this.column();
      buffer = new SeriesBuffer(labels, this.options.samplesPerSeries, block, column);
      this.series.set(key, buffer);
      const name = labels[METRIC_NAME] ?? '';
      let index = this.byName.get(name);
      if (!index) this.byName.set(name, (index = { series: new Set(), version: 0 }));
      index.series.add(buffer);
      index.version = ++this.version;
    }
    buffer.push(time, value);
    return buffer;
  }

  /** Records an exemplar (a trace id behind a value) on a stored series. */
  addExemplar(target: Labels | SeriesBuffer, exemplar: StoredExemplar): void {
    const buffer = target instanceof SeriesBuffer ? target : this.series.get(labelsKey(target));
    if (!buffer) return;
    buffer.addExemplar(exemplar);
    this.withExemplars.add(buffer);
  }

  /** Writes a staleness marker: the series ended at `time` (promtool's `stale`). */
  markStale(labels: Labels, time: number): void {
    this.series.get(labelsKey(labels))?.push(time, NaN, true);
  }

  range(matchers: readonly LabelMatcher[], from: number, to: number): RangeSeries[] {
    const out: RangeSeries[] = [];
    for (const buffer of this.select(matchers).series) {
      const { times, values } = buffer.range(from, to);
      if (times.length > 0) out.push({ labels: buffer.labels, times, values });
    }
    return out;
  }

  instant(matchers: readonly LabelMatcher[], from: number, to: number): Sample[] {
    const out: Sample[] = [];
    for (const buffer of this.select(matchers).series) {
      const value = buffer.latest(from, to);
      if (value !== undefined) out.push({ labels: buffer.labels, value });
    }
    return out;
  }

  /** Exemplars recorded in `(from, to]` on the series the matchers select. */
  exemplars(matchers: readonly LabelMatcher[], from: number, to: number): Array<StoredExemplar & { labels: Labels }> {
    const out: Array<StoredExemplar & { labels: Labels }> = [];
    for (const buffer of this.withExemplars) {
      if (!matchers.every((m) => matches(m, buffer.labels[m.name] ?? ''))) continue;
      for (const e of buffer.exemplars) if (e.time > from && e.time <= to) out.push({ ...e, labels: buffer.labels });
    }
    return out;
  }

  /** The series `matchers` select, in the order they were first stored; the same object while none is added or dropped. */
  select(matchers: readonly LabelMatcher[]): Selection {
    const cached = this.selections.get(matchers);
    if (cached && cached.version === this.versionOf(cached.name)) return cached.selection;
    const byName = matchers.find((m) => m.name === METRIC_NAME && m.op === '=');
    const candidates = byName ? (this.byName.get(byName.value)?.series ?? []) : this.series.values();
    const series: SeriesBuffer[] = [];
    for (const buffer of candidates) {
      let ok = true;
      for (const m of matchers) {
        if (m !== byName && !matches(m, buffer.labels[m.name] ?? '')) {
          ok = false;
          break;
        }
      }
      if (ok) series.push(buffer);
    }
    const selection: Selection = { series, labels: series.map((s) => s.labels), unnamedLabels: series.map((s) => s.unnamedLabels) };
    if (this.selections.size >= MAX_SELECTIONS) this.selections.clear();
    this.selections.set(matchers, { selection, name: byName?.value, version: this.versionOf(byName?.value) });
    return selection;
  }

  private versionOf(name: string | undefined): number {
    if (name === undefined) return this.version;
    return this.byName.get(name)?.version ?? -1;
  }

  private delete(key: string, buffer: SeriesBuffer): void {
    this.series.delete(key);
    const index = this.byName.get(buffer.labels[METRIC_NAME] ?? '');
    if (index) {
      index.series.delete(buffer);
      index.version = ++this.version;
    }
    this.withExemplars.delete(buffer);
    buffer.dropped = true;
    buffer.block.release(buffer.column);
    this.blocksWithRoom.add(buffer.block);
  }

  /** A free column of storage for a new series. */
  private column(): [SeriesBlock, number] {
    for (const block of this.blocksWithRoom) {
      const column = block.take();
      if (column !== undefined) return [block, column];
      this.blocksWithRoom.delete(block);
    }
    const block = new SeriesBlock(this.nextBlockColumns, this.options.samplesPerSeries);
    this.nextBlockColumns = Math.min(MAX_BLOCK_COLUMNS, 2 * this.nextBlockColumns);
    this.blocksWithRoom.add(block);
    return [block, block.take()!];
  }
}

/** Whether `labels` are the series' labels (same names, same values). */
function sameLabels(series: SeriesBuffer, labels: Labels): boolean {
  let count = 0;
  for (const name in labels) {
    if (series.labels[name] !== labels[name]) return false;
    count++;
  }
  return count === series.labelCount;
}

function matches(m: LabelMatcher, value: string): boolean {
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return m.regex!.test(value);
    case '!~':
      return !m.regex!.test(value);
  }
}
