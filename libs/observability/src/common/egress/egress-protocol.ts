/**
 * What the main thread and the egress worker exchange. Types only: the worker imports nothing at run time, so it
 * runs from dist/ and, in the test suite, from this TypeScript source alike.
 */

/** Main → worker: POST `body` to `url`. */
export interface EgressPost {
  readonly kind: 'post';
  readonly id: number;
  readonly url: string;
  readonly body: ArrayBuffer;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/** Main → worker: give up on post `id` (shutdown). */
export interface EgressAbort {
  readonly kind: 'abort';
  readonly id: number;
}

export type EgressCommand = EgressPost | EgressAbort;

/**
 * Worker → main: the answer's status, or why there was none. `detail` is a network error code or a short reason,
 * never a URL (a receiver's URL may carry a secret).
 */
export interface EgressReply {
  readonly id: number;
  readonly status?: number;
  readonly failure?: 'timeout' | 'unreachable' | 'aborted';
  readonly detail?: string;
}
