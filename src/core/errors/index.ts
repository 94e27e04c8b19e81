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
  ServerError,
  UnexpectedResponseError,
  UnprocessableEntityError,
  apiErrorClassFor,
  type ApiErrorClass,
  type ApiErrorInit,
} from './api-error.ts';
export { AbortError, ConnectionError, TimeoutError, type FailureFacts } from './connection-error.ts';
