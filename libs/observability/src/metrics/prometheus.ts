/**
 * `nestjs-observability/prometheus`: what the Prometheus side of a deployment is built from, kept out of the main
 * entry point (an app serving metrics needs none of it): the scrape configuration and Grafana dashboard generated
 * from the metric names the suite records, and the exposition's content types and `Accept` negotiation.
 * Usable from a plain script: it loads the Reflect metadata polyfill the configuration schema needs.
 */
import 'reflect-metadata';

export {
  dashboardPanels,
  grafanaDashboard,
  prometheusFlags,
  prometheusScrapeConfig,
  type ScrapeConfigOptions,
} from './examples/metrics-examples.js';
export { negotiateFormat, OPENMETRICS_CONTENT_TYPE, TEXT_CONTENT_TYPE, type ExpositionFormat } from './exposition/exposition-renderer.js';
