// The Node.js check runs first, whichever entry point (the package, `register`) loads the suite.
import './check-node.js';

export { claimAdapterRoute } from './adapter-routes.js';
export { ROUTE_ALREADY_SERVED } from './common.messages.js';
export { installAspect, uninstallAspect } from './aspect-explorer.js';
export {
  AUTO_INSTRUMENTATIONS_PACKAGE,
  ecosystemInstrumentationNames,
  loadEcosystemInstrumentation,
} from './ecosystem-instrumentations.js';
export { CLIENT_CLOSED_REQUEST, responseStatusOf, type HttpRequest, type HttpResponse } from './http.types.js';
export { yamlModule } from './yaml.js';
export { HttpEgress, type EgressRequest, type EgressResult, type EgressTransport } from './egress/http-egress.js';
export { IntervalJob } from './interval-job.js';
export { RandomIds } from './random-ids.js';
export { isManagementAuthorized, ManagementAuth } from './management-auth.js';
export { createAspectDecorator, type CallHooks } from './method-wrapper.js';
export { recordSpanException } from './record-exception.js';
export { DEFAULT_SECRET_KEYS } from './redaction/secret-keys.js';
export { mayHoldSecret, REDACTED, RedactionPolicy } from './redaction/redaction-policy.js';
export { isSecretKeyName, sanitizeText } from './secret-text.js';
export { SidePortServer, type SidePortHandler, type SidePortOptions } from './side-port-server.js';
export { ManagementListener, managementListenerFor, readBody, type ManagementHandler } from './management-listener.js';
export { parseResourceAttributes, serviceVersion } from './resource-attributes.js';
export { ManagementJsonRoute, type ManagementPlacement, type ManagementRouteAdapter } from './management-route.js';
// OpenTelemetry's API values, from the one build of the package the process loads.
export * from './otel-api.js';
