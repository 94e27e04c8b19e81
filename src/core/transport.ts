import { AbortError, ConnectionError, SwitchboardError, TimeoutError } from './errors/index.ts';

/** The transport boundary: anything with the signature of WHATWG `fetch`. */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/** How long a call may take, from sending the request to reading the whole response body. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface CallOptions {
  /** Aborts the call; the call then rejects with an AbortError. */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call; the call then rejects with a TimeoutError. */
  timeoutMs?: number;
}

/**
 * Runs one HTTP call (an openapi-fetch method, given the signal to pass on) under a timeout and the
 * caller's signal, and turns what it throws into Switchboard errors. The timeout covers reading the
 * body too, which openapi-fetch does after `fetch` resolves, so it is applied here rather than in a
 * `fetch` wrapper.
 */
export async function withDeadline<T>(
  call: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  callerSignal?: AbortSignal,
): Promise<T> {
  if (callerSignal?.aborted) throw new AbortError({ cause: callerSignal.reason });
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
  try {
    return await call(signal);
  } catch (error) {
    if (error instanceof SwitchboardError) throw error;
    if (callerSignal?.aborted) throw new AbortError({ cause: callerSignal.reason });
    if (timeout.aborted) throw new TimeoutError(timeoutMs);
    throw new ConnectionError(`Request failed before a response arrived: ${describeCause(error)}`, { cause: error });
  }
}

/** undici reports "fetch failed" and keeps the useful part (ECONNREFUSED, ENOTFOUND) in `cause`. */
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return detail ? `${error.message} (${detail})` : error.message;
}

/** Calls the global `fetch` at request time, so a runtime or test that replaces it later is honoured. */
export const globalFetch: FetchLike = (input, init) => globalThis.fetch(input, init);
