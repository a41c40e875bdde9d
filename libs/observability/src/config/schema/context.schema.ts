import { IntField, OneOf, StringField } from './validators.js';

const HEADER = /^[A-Za-z0-9-]{1,64}$/;

/** `observability.context`: how each request's identity is established. */
export class ContextConfig {
  /** Incoming header that carries a request id; echoed back on the response. @default "x-request-id" */
  @StringField({ pattern: HEADER, describe: 'an HTTP header name' }) request_id_header = 'x-request-id';

  /** Incoming request ids longer than this are replaced by a generated one. @default 128 */
  @IntField(8, 1024) request_id_max_length = 128;

  /** Where user_id comes from: a request header, or `req.user` as set by an auth guard. @default "user" */
  @OneOf(['header', 'user', 'none']) user_id_source: 'header' | 'user' | 'none' = 'user';

  /** Header name, with `user_id_source: header`. @default "x-user-id" */
  @StringField({ pattern: HEADER, describe: 'an HTTP header name' }) user_id_header = 'x-user-id';

  /** Property of `req.user`, with `user_id_source: user`. @default "id" */
  @StringField({ pattern: /^[A-Za-z_$][A-Za-z0-9_$]*$/, describe: 'a property name' }) user_id_property = 'id';
}
