export type ProfileKind = 'cpu' | 'heap';

/** What the list endpoint shows of a stored profile. */
export interface StoredProfileInfo {
  readonly id: string;
  readonly kind: ProfileKind;
  /** ISO time the capture started. */
  readonly started_at: string;
  readonly duration_ms: number;
  readonly bytes: number;
  /** What asked for it: the schedule or a caller of the CPU endpoint. */
  readonly trigger: 'schedule' | 'on_demand';
}

export interface StoredProfile extends StoredProfileInfo {
  /** Gzipped pprof protobuf. */
  readonly data: Buffer;
}

/**
 * The last profiles of each kind, bounded twice: at most `keep` per kind, and at most `maxBytes` in all (the
 * oldest profile of any kind goes first). A profile larger than the whole budget is not kept.
 */
export class ProfileStore {
  private readonly entries: StoredProfile[] = [];
  private bytes = 0;
  private sequence = 0;

  constructor(
    private readonly keep: number,
    private readonly maxBytes: number,
  ) {}

  /** Stores the profile and returns its entry, or undefined when it alone exceeds the byte budget. */
  add(profile: Omit<StoredProfile, 'id' | 'bytes'>): StoredProfile | undefined {
    if (profile.data.length > this.maxBytes) return undefined;
    const entry: StoredProfile = { ...profile, id: `${profile.kind}-${++this.sequence}`, bytes: profile.data.length };
    this.entries.push(entry);
    this.bytes += entry.bytes;
    while (this.entries.filter((e) => e.kind === entry.kind).length > this.keep)
      this.remove(this.entries.findIndex((e) => e.kind === entry.kind));
    while (this.bytes > this.maxBytes) this.remove(0);
    return entry;
  }

  get(id: string): StoredProfile | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** Newest first, without the data. */
  list(): StoredProfileInfo[] {
    return this.entries
      .slice()
      .reverse()
      .map(({ data: _data, ...info }) => info);
  }

  get totalBytes(): number {
    return this.bytes;
  }

  private remove(index: number): void {
    const [removed] = this.entries.splice(index, 1);
    if (removed) this.bytes -= removed.bytes;
  }
}
