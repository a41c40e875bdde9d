/** Injection token of the validated {@link ObservabilityConfig} shared by the pillars that `ObservabilityModule` composes. */
export const OBSERVABILITY_CONFIG = Symbol('OBSERVABILITY:CONFIG');
