export { SwitchboardError } from './switchboard-error.ts';
export { ValidationError, type ValidationIssue } from './validation-error.ts';
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConcurrencyError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  ServerError,
  UnexpectedResponseError,
  UnprocessableEntityError,
  apiErrorClassFor,
  type ApiErrorClass,
  type ApiErrorInit,
} from './api-error.ts';
export { AbortError, ConnectionError, TimeoutError, type FailureFacts } from './connection-error.ts';
export { UnexpectedError } from './unexpected-error.ts';
export { MessageRejectedError } from './rejected-error.ts';
