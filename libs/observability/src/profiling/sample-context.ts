import type { HttpRequest } from '../common/http.types.js';
import { handlerRouteOf, requestContextOf, routeTemplateOf, UNMATCHED_ROUTE } from '../context/index.js';

/** Whether a span id may be written on a sample: only the server spans of traces the suite kept. */
export type KeptSpanFilter = (spanId: string) => boolean;

/**
 * What a request attaches to the CPU samples taken while it runs, read when a profile is cut. It holds the
 * request only until the response is done ({@link settle}), then just two strings: the profiler keeps it alive
 * through a native handle until the holder is collected, and every sample taken in the request keeps it until
 * the next cut. A request object kept that long is copied by every young-generation GC in between, which cost
 * far more than attaching.
 */
export class SampleContext {
  private route?: string;
  private spanId?: string;

  constructor(private req?: HttpRequest) {}

  /** At the end of the response: keep the route template and span id, let go of the request. */
  settle(): void {
    const req = this.req;
    if (!req) return;
    this.route = routeTemplateOf(req);
    this.spanId = requestContextOf(req)?.spanId;
    this.req = undefined;
  }

  /** `route`, and `span_id` when `kept` says its trace was kept. */
  labels(kept: KeptSpanFilter): Record<string, string> {
    const req = this.req;
    // Still running at the cut: read without side effects (routing may not have happened yet).
    const route = req ? (requestContextOf(req)?.route ?? handlerRouteOf(req) ?? UNMATCHED_ROUTE) : this.route;
    const spanId = req ? requestContextOf(req)?.spanId : this.spanId;
    const labels: Record<string, string> = {};
    if (route !== undefined) labels['route'] = route;
    if (spanId !== undefined && kept(spanId)) labels['span_id'] = spanId;
    return labels;
  }
}
