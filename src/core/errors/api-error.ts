import { readInit, SwitchboardError } from './switchboard-error.ts';

export interface ApiErrorInit {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or the body's text when it is not JSON, already redacted. */
  body: unknown;
  /** The provider's own error code, when its body carries one (CM's `errorCode`). */
  code?: number | string;
  /** The request id from the response headers, for the provider's support. */
  requestId?: string;
  message: string;
  /** How many attempts were made, the last one included. */
  attempts?: number;
  /** A send answered with an ambiguous failure (a 500 after the body went out): it may have been processed. */
  outcomeUnknown?: boolean;
  /** The error this one wraps (a ConcurrencyError keeps the ConflictError it was made from). */
  cause?: unknown;
}

/**
 * The provider answered with an error. One subclass per kind of failure, so callers branch with
 * `instanceof` rather than on status codes; `apiErrorFor` picks the class.
 */
export class ApiError extends SwitchboardError {
  override readonly name: string = 'ApiError';
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly code: number | string | undefined;
  readonly requestId: string | undefined;
  readonly attempts: number;
  readonly outcomeUnknown: boolean;

  constructor(init: ApiErrorInit) {
    // Tolerant of what it is given, as an error constructor must be: it never throws.
    const given = readInit<ApiErrorInit>(init);
    super(
      typeof given.message === 'string' ? given.message : 'The API answered with an error',
      given.cause === undefined ? undefined : { cause: given.cause },
    );
    this.status = typeof given.status === 'number' ? given.status : 0;
    // A plain object, so the error serialises and inspects with its headers visible.
    this.headers = given.headers instanceof Headers ? Object.fromEntries(given.headers) : {};
    this.body = given.body;
    this.code = given.code;
    this.requestId = given.requestId;
    this.attempts = typeof given.attempts === 'number' ? given.attempts : 1;
    this.outcomeUnknown = given.outcomeUnknown === true;
  }
}

/** 400: the request was malformed or refused as a whole. */
export class BadRequestError extends ApiError {
  override readonly name = 'BadRequestError';
}
/** 401, or a provider code that means the credentials were refused (CM 101 and 103 arrive as HTTP 400). */
export class AuthenticationError extends ApiError {
  override readonly name = 'AuthenticationError';
}
/** 403: the credentials are valid but may not do this. */
export class PermissionDeniedError extends ApiError {
  override readonly name = 'PermissionDeniedError';
}
/** 404 */
export class NotFoundError extends ApiError {
  override readonly name = 'NotFoundError';
}
/** 409 */
export class ConflictError extends ApiError {
  override readonly name: string = 'ConflictError';
}
/**
 * A conditional write (`If-Match`) carried an etag that is no longer current: the resource changed since it was
 * read. Read it again and reapply the change.
 */
export class ConcurrencyError extends ConflictError {
  override readonly name = 'ConcurrencyError';
}
/** 422: the server understood the request and refused its content (Prism's answer to a request its spec forbids). */
export class UnprocessableEntityError extends ApiError {
  override readonly name = 'UnprocessableEntityError';
}
/** 429 */
export class RateLimitError extends ApiError {
  override readonly name = 'RateLimitError';
}
/** 5xx */
export class ServerError extends ApiError {
  override readonly name = 'ServerError';
}
/** A success status whose body does not match the spec; `body` keeps what arrived. */
export class UnexpectedResponseError extends ApiError {
  override readonly name = 'UnexpectedResponseError';
}

export type ApiErrorClass = new (init: ApiErrorInit) => ApiError;

/** The error class for an HTTP status, before any provider-specific code is considered. */
export function apiErrorClassFor(status: number): ApiErrorClass {
  switch (status) {
    case 400:
      return BadRequestError;
    case 401:
      return AuthenticationError;
    case 403:
      return PermissionDeniedError;
    case 404:
      return NotFoundError;
    case 409:
      return ConflictError;
    case 422:
      return UnprocessableEntityError;
    case 429:
      return RateLimitError;
    default:
      return typeof status === 'number' && status >= 500 ? ServerError : ApiError;
  }
}

/**
 * A 3xx answer. Switchboard never follows a redirect: every request carries credentials, and a redirect may lead
 * to another origin, or to plain http. For a send, `outcomeUnknown` is true: a 303 is the usual answer to a POST
 * that was processed. `headers.location` says where the server pointed (redacted).
 */
export class RedirectError extends ApiError {
  override readonly name = 'RedirectError';
}

/**
 * The answer's body was larger than the client's `maxResponseBytes`; it was not read past the limit. `status` and
 * `headers` are those that arrived; for a send, the outcome is unknown.
 */
export class ResponseTooLargeError extends ApiError {
  override readonly name = 'ResponseTooLargeError';
  readonly limitBytes: number;

  constructor(init: ApiErrorInit & { limitBytes: number }) {
    super(init);
    const { limitBytes } = readInit<{ limitBytes: number }>(init);
    this.limitBytes = typeof limitBytes === 'number' ? limitBytes : 0;
  }
}
