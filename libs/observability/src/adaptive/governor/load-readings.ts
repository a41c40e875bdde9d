/** What the governor reads every interval: averages over the interval just ended. */
export interface LoadReadings {
  /** Share of the interval the event loop was busy, 0 to 1. */
  readonly eventLoopUtilization: number;
  /** Requests the HTTP server received per second. */
  readonly requestsPerSecond: number;
  /** Process CPU time per second of wall time (1 = one core busy; threads can take it above 1). */
  readonly cpu: number;
  /** Resident set size, bytes. */
  readonly rssBytes: number;
  /** V8 heap in use, bytes. */
  readonly heapUsedBytes: number;
  /**
   * Mean seconds the suite's own per-request work took, over the requests timed in the interval; undefined when
   * none was timed.
   */
  readonly overheadSeconds: number | undefined;
  /** Share of the event loop the suite's per-request work took: overhead × requests per second. */
  readonly overheadShare: number | undefined;
}
