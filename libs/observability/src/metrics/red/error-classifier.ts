import { BadRequestException, HttpException } from '@nestjs/common';

/**
 * Names the kind of a failure for `error_type` labels: return a short, bounded string (a class name, a category),
 * or `undefined` to let the built-in rules decide. Never return request data (ids, messages): each distinct value
 * is a series.
 */
export type ErrorClassifier = (error: unknown) => string | undefined;

/**
 * How an app extends the classification: a function, or a map from error class name (matched along the
 * prototype chain, so a subclass matches its parent's entry) to the `error_type` to record.
 */
export type ErrorClassification = ErrorClassifier | Readonly<Record<string, string>>;

export const ERROR_TYPES = { timeout: 'timeout', validation: 'validation', unknown: 'unknown', aborted: 'client_aborted' } as const;

const TIMEOUT_CODES: readonly string[] = [
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ABORT_ERR_TIMEOUT',
];
const TIMEOUT_CLASSES: readonly string[] = ['TimeoutError', 'RequestTimeoutException', 'GatewayTimeoutException'];

/** Nest's exception class for the statuses it has one for, so a status-only failure reads like a thrown one. */
const STATUS_CLASSES: Readonly<Record<number, string>> = {
  400: 'BadRequestException',
  401: 'UnauthorizedException',
  403: 'ForbiddenException',
  404: 'NotFoundException',
  405: 'MethodNotAllowedException',
  406: 'NotAcceptableException',
  409: 'ConflictException',
  410: 'GoneException',
  412: 'PreconditionFailedException',
  413: 'PayloadTooLargeException',
  415: 'UnsupportedMediaTypeException',
  418: 'ImATeapotException',
  421: 'MisdirectedException',
  422: 'UnprocessableEntityException',
  429: 'TooManyRequestsException',
  500: 'InternalServerErrorException',
  501: 'NotImplementedException',
  502: 'BadGatewayException',
  503: 'ServiceUnavailableException',
  505: 'HttpVersionNotSupportedException',
};

/**
 * The built-in rules: timeouts (rxjs/DOM `TimeoutError`, 408/504 exceptions, socket timeout codes) are `timeout`;
 * validation failures (class-validator errors, or a 400 whose message is a list, as ValidationPipe throws) are
 * `validation`; other HTTP exceptions are their class name; anything else is `unknown`.
 */
export function classifyError(error: unknown): string {
  if (error === null || typeof error !== 'object') return ERROR_TYPES.unknown;
  const name = (error as { constructor?: { name?: unknown } }).constructor?.name;
  const errName = (error as { name?: unknown }).name;
  const code = (error as { code?: unknown }).code;
  if (
    (typeof name === 'string' && TIMEOUT_CLASSES.includes(name)) ||
    errName === 'TimeoutError' ||
    (typeof code === 'string' && TIMEOUT_CODES.includes(code))
  ) {
    return ERROR_TYPES.timeout;
  }
  if (name === 'ValidationError' || (Array.isArray(error) && error.every((e) => e?.constructor?.name === 'ValidationError')))
    return ERROR_TYPES.validation;
  if (error instanceof BadRequestException) {
    const response = error.getResponse();
    if (typeof response === 'object' && response !== null && Array.isArray((response as { message?: unknown }).message))
      return ERROR_TYPES.validation;
  }
  if (error instanceof HttpException && typeof name === 'string' && name.length > 0) return name;
  return ERROR_TYPES.unknown;
}

/** The error type of a failed response whose error was not seen (a guard's rejection, a 404, a body-parser error). */
export function classifyStatus(status: number): string {
  if (status === 408 || status === 504) return ERROR_TYPES.timeout;
  return STATUS_CLASSES[status] ?? `http_${status}`;
}

/** Combines the app's classification (tried first) with the built-in rules. */
export function createErrorClassifier(custom?: ErrorClassification): (error: unknown) => string {
  if (!custom) return classifyError;
  const byClass = typeof custom === 'function' ? undefined : new Map(Object.entries(custom));
  const fn = typeof custom === 'function' ? custom : undefined;
  return (error) => {
    try {
      if (fn) {
        const type = fn(error);
        if (typeof type === 'string' && type.length > 0) return type;
      } else if (byClass && error !== null && typeof error === 'object') {
        for (
          let proto = Object.getPrototypeOf(error) as { constructor?: { name?: string } } | null;
          proto;
          proto = Object.getPrototypeOf(proto) as typeof proto
        ) {
          const type = proto.constructor?.name ? byClass.get(proto.constructor.name) : undefined;
          if (type !== undefined) return type;
        }
      }
    } catch {
      // A throwing classifier falls back to the built-in rules.
    }
    return classifyError(error);
  };
}
