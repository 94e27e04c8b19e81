/**
 * Which failures move a message to the next provider. The rule: fail over only when the provider surely did not
 * accept the message, because a second provider would otherwise deliver it twice.
 *
 * | the provider's answer                                              | fails over | why                                   |
 * | ------------------------------------------------------------------ | ---------- | ------------------------------------- |
 * | connection refused, name not resolved, a timeout still queued      | yes        | the request never left                |
 * | 429, 503 with Retry-After, Webex 7020 (after the client's retries) | yes        | the provider says it took nothing     |
 * | 401, 403 (credentials refused)                                     | yes        | refused before anything was processed |
 * | 400, 404, 422, CM refusing every recipient, our own validation     | yes        | the message was refused, not sent     |
 * | a timeout or reset after the body went out                         | no         | it may have been accepted             |
 * | 500, 502, 504, 503 without Retry-After, a 3xx, a garbled 2xx       | no         | it may have been accepted             |
 * | the caller's own abort                                             | no         | the caller asked to stop              |
 *
 * The clients already judge each failure (`outcomeUnknown` on every error they throw, from the retry policy in
 * core/http/retry-policy.ts); this reads their verdict rather than judging again.
 */
import {
  AbortError,
  BadRequestError,
  MessageRejectedError,
  SwitchboardError,
  UnprocessableEntityError,
  ValidationError,
} from '../core/errors/index.ts';

/** `failover`: surely not accepted, try the next provider. `unknown`: may have been accepted, stop. `stop`: the caller aborted. */
export type FailureVerdict = 'failover' | 'unknown' | 'stop';

export function judgeSendFailure(error: unknown): FailureVerdict {
  if (!(error instanceof SwitchboardError)) return 'unknown';
  if ((error as { outcomeUnknown?: unknown }).outcomeUnknown === true) return 'unknown';
  if (error instanceof AbortError) return 'stop';
  return 'failover';
}

/**
 * Whether a failure says something about the provider's health (counted by its circuit breaker) rather than
 * about this one message: an invalid or refused message says nothing of the provider. A 404 on a send does count:
 * it means a wrong base URL or account, and skipping a misconfigured provider is what the breaker is for.
 */
export function isProviderFailure(error: unknown): boolean {
  return !(
    error instanceof ValidationError ||
    error instanceof BadRequestError ||
    error instanceof UnprocessableEntityError ||
    error instanceof MessageRejectedError ||
    error instanceof AbortError
  );
}
