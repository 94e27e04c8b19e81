import { SwitchboardError } from './switchboard-error.ts';

/**
 * Something failed that is neither the caller's input nor the API's answer: a bug in Switchboard, or a caller's
 * `fetch` that threw something unexpected. Whether the request went out is not known, so `outcomeUnknown` is true.
 * `cause` is the original error with the client's secrets taken out.
 */
export class UnexpectedError extends SwitchboardError {
  override readonly name = 'UnexpectedError';
  readonly outcomeUnknown = true;
  readonly attempts = 1;
}
