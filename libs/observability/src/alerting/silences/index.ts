export {
  SilenceStore,
  SilenceNotFoundError,
  type SilenceInput,
  type SilenceState,
  type SilenceStoreOptions,
  type SilenceView,
} from './silence-store.js';
export { parseMatcher, matcherFromApi, type ApiMatcher, type Matcher, type MatchOperator } from './silence-matcher.js';
export { SilencesHttpHandler, MAX_SILENCE_BODY_BYTES, type SilencesRequest, type SilencesResponse } from './silences-http.handler.js';
