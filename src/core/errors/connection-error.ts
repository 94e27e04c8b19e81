import { SwitchboardError } from './switchboard-error.ts';

/**
 * No HTTP response arrived: DNS failure, refused or reset connection, TLS failure. Whether the provider
 * received the request is unknown unless the connection was refused, so a send that fails this way may
 * still have been accepted.
 */
export class ConnectionError extends SwitchboardError {
  override readonly name: string = 'ConnectionError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The request took longer than its `timeoutMs`. */
export class TimeoutError extends ConnectionError {
  override readonly name = 'TimeoutError';
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`Request timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller aborted the request with its own `AbortSignal`. */
export class AbortError extends SwitchboardError {
  override readonly name = 'AbortError';

  constructor(options?: { cause?: unknown }) {
    super('Request aborted by the caller', options);
  }
}
