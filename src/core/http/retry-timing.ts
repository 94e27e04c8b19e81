import { onAbort } from './abort-fanout.ts';

/**
 * How long to wait before the next attempt. The server's word wins when it gives one (`retry-after-ms`, then
 * `Retry-After`), capped by the caller's `maxRetryDelayMs`; otherwise exponential backoff with jitter.
 */

/** Backoff: 0.5 s, 1 s, 2 s, … capped at 8 s, each shortened by up to 25 % at random so clients spread out. */
export const INITIAL_RETRY_DELAY_MS = 500;
export const MAX_BACKOFF_MS = 8_000;
/** The longest a server may make us wait by default; the caller can raise or lower it (`maxRetryDelayMs`). */
export const DEFAULT_MAX_RETRY_DELAY_MS = 60_000;

export function backoffDelay(retryNumber: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** (retryNumber - 1), MAX_BACKOFF_MS);
  return Math.round(base * (1 - 0.25 * random()));
}

/**
 * The delay a response asks for, in milliseconds, or undefined when it asks for none we can read.
 *  - `retry-after-ms` (a non-standard header some APIs send): milliseconds, fractional allowed.
 *  - `Retry-After` as delta-seconds: a non-negative integer (RFC 9110 §10.2.3); "1.5" or "-1" is not one.
 *  - `Retry-After` as an HTTP-date: the time left until then, 0 if it is already past. `Date.parse` is lenient
 *    (it reads "1.5" as a date in 2001), so only a value with a month or day name is taken as a date.
 */
export function requestedDelayMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers.get('retry-after')?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  if (!/[a-z]/i.test(retryAfter)) return undefined;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait before retry number `retryNumber` (1-based): the server's request capped, or backoff. */
export function retryDelayMs(retryNumber: number, headers: Headers | undefined, maxRetryDelayMs: number): number {
  const requested = headers ? requestedDelayMs(headers) : undefined;
  return requested !== undefined
    ? Math.min(requested, maxRetryDelayMs)
    : Math.min(backoffDelay(retryNumber), maxRetryDelayMs);
}

/** Waits, unless the signal aborts first (then rejects with the signal's reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      stopListening?.();
      resolve();
    }, ms);
    const stopListening = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(signal.reason);
        })
      : undefined;
  });
}
