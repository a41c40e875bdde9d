import type { PprofProfile as Profile } from '../pprof-loader.js';

/** A function as insights name it: `name (file:line)`. */
export interface FrameSite {
  readonly function: string;
  readonly file: string;
  readonly line: number;
}

/**
 * Read access to a decoded pprof profile: strings, value columns, frames of a sample (leaf first) and labels,
 * without the caller dealing with pprof's ids and string indexes.
 */
export class ProfileReader {
  private readonly strings: string[];
  private readonly functions = new Map<string, FrameSite>();
  private readonly locations = new Map<string, FrameSite[]>();

  constructor(readonly profile: Profile) {
    this.strings = profile.stringTable.strings;
    for (const fn of profile.function) {
      this.functions.set(String(fn.id), {
        function: this.str(fn.name) || '(anonymous)',
        file: this.str(fn.filename),
        line: Number(fn.startLine),
      });
    }
    for (const location of profile.location) {
      const frames = location.line
        .map((line) => {
          const site = this.functions.get(String(line.functionId));
          return site && { ...site, line: Number(line.line) || site.line };
        })
        .filter((s): s is FrameSite => s !== undefined);
      this.locations.set(String(location.id), frames);
    }
  }

  str(index: number | bigint): string {
    return this.strings[Number(index)] ?? '';
  }

  /** Index of the value column of this type (`cpu`, `wall`, `space`…), or -1. */
  valueIndex(type: string): number {
    return this.profile.sampleType.findIndex((t) => this.str(t.type) === type);
  }

  /** The sample's frames, leaf (where the time was spent or the object allocated) first. */
  frames(sample: Profile['sample'][number]): FrameSite[] {
    return sample.locationId.flatMap((id) => this.locations.get(String(id)) ?? []);
  }

  label(sample: Profile['sample'][number], key: string): string | undefined {
    const found = sample.label.find((l) => this.str(l.key) === key);
    return found ? this.str(found.str) : undefined;
  }
}

export const siteKey = (site: FrameSite): string => `${site.function} (${site.file}:${site.line})`;
