import { messageText, readInit, SwitchboardError } from './switchboard-error.ts';

export interface FailureFacts {
  /** How many attempts were made, the failed one included. */
  attempts?: number;
  /**
   * The request may have been processed: a send that timed out or lost its connection after the body went out.
   * It was not retried (that could send twice); decide yourself whether to send again.
   */
  outcomeUnknown?: boolean;
}

/**
 * No HTTP response arrived: DNS failure, refused or reset connection, TLS failure. `notSent` is true when the
 * request provably never reached the server (connection refused, name not resolved); otherwise it may have.
 */
export class ConnectionError extends SwitchboardError {
  override readonly name: string = 'ConnectionError';
  readonly attempts: number;
  readonly outcomeUnknown: boolean;
  readonly notSent: boolean;

  constructor(message: string, options: { cause?: unknown; notSent?: boolean } & FailureFacts = {}) {
    const given = readInit<{ cause?: unknown; notSent?: boolean } & FailureFacts>(options);
    super(messageText(message, 'The request failed'), given.cause === undefined ? undefined : { cause: given.cause });
    this.attempts = typeof given.attempts === 'number' ? given.attempts : 1;
    this.outcomeUnknown = given.outcomeUnknown === true;
    this.notSent = given.notSent === true;
  }
}

/** An attempt took longer than `timeoutMs` (body included). */
export class TimeoutError extends ConnectionError {
  override readonly name = 'TimeoutError';
  readonly timeoutMs: number;

  constructor(timeoutMs: number, facts: FailureFacts & { notSent?: boolean } = {}) {
    const given = readInit<FailureFacts & { notSent?: boolean }>(facts);
    super(
      `Request timed out after ${messageText(timeoutMs, '?')} ms${given.notSent === true ? ' before it was sent' : ''}`,
      given,
    );
    this.timeoutMs = timeoutMs;
  }
}

/** The caller aborted the request with its own `AbortSignal`. */
export class AbortError extends SwitchboardError {
  override readonly name = 'AbortError';
  readonly attempts: number;
  readonly outcomeUnknown: boolean;

  constructor(options: { cause?: unknown } & FailureFacts = {}) {
    const given = readInit<{ cause?: unknown; notSent?: boolean } & FailureFacts>(options);
    super('Request aborted by the caller', { cause: given.cause });
    this.attempts = typeof given.attempts === 'number' ? given.attempts : 1;
    this.outcomeUnknown = given.outcomeUnknown === true;
  }
}
