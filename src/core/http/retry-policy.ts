/**
 * Which failures are retried. The rule an SMS SDK must keep: never repeat a send the provider may already have
 * accepted, unless the provider deduplicates it by an idempotency key.
 *
 * | request                              | retried on                                                    | not retried, outcome unknown |
 * | ------------------------------------ | ------------------------------------------------------------- | ---------------------------- |
 * | read or idempotent (GET, PUT, DELETE; not with If-Match) | connection errors, timeouts, 408, 429, 5xx  | —                            |
 * | send with an honoured idempotency key | the same                                                      | —                            |
 * | send (POST, PATCH) without one        | connection refused / name not resolved (never sent), 429,     | timeouts, resets, 500, 502, |
 * |                                      | 503 with Retry-After, a provider's own "not accepted" answer  | 504, 503 without Retry-After |
 */

/** What the policy reads of a request. */
export interface RequestHead {
  url: string;
  method: string;
  headers: Headers;
}

/** What a provider tells the transport about itself; nothing else is provider-specific. */
export interface ProviderFacts {
  /** Whether the provider deduplicates this request by a key it carries (Webex: `Idempotency-Key` on a v1 send). */
  deduplicates?: (request: RequestHead) => boolean;
  /** An answer that means "refused before anything was accepted" beyond 429 (Webex code 7020). */
  notAccepted?: (status: number, bodyText: string) => boolean;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** `read`: repeating changes nothing. `keyed-send`: the provider drops repeats. `send`: a repeat may send twice. */
export type RequestKind = 'read' | 'keyed-send' | 'send';

export function requestKind(request: RequestHead, facts: ProviderFacts): RequestKind {
  // A conditional write repeated after a lost answer would meet its own change and report a false conflict.
  if (IDEMPOTENT_METHODS.has(request.method) && !request.headers.has('if-match')) return 'read';
  if (facts.deduplicates?.(request)) return 'keyed-send';
  return 'send';
}

export interface Verdict {
  retry: boolean;
  /** Should this be the last attempt: the request may have been processed (a send's 5xx, timeout or reset). */
  outcomeUnknown: boolean;
}

const DONE: Verdict = { retry: false, outcomeUnknown: false };

export function judgeResponse(
  kind: RequestKind,
  status: number,
  headers: Headers,
  bodyText: string,
  facts: ProviderFacts,
): Verdict {
  if (status < 400) return DONE;
  const asksToWait = headers.has('retry-after') || headers.has('retry-after-ms');
  const refused = status === 429 || (status === 503 && asksToWait) || (facts.notAccepted?.(status, bodyText) ?? false);
  if (refused) return { retry: true, outcomeUnknown: false };
  const ambiguous = status >= 500 || status === 408;
  if (!ambiguous) return DONE;
  // A send answered 5xx or 408 may have been processed before the failure; only a read or a keyed send repeats safely.
  return { retry: kind !== 'send', outcomeUnknown: kind !== 'read' };
}

export function judgeFailure(kind: RequestKind, notSent: boolean): Verdict {
  if (notSent) return { retry: true, outcomeUnknown: false };
  return { retry: kind !== 'send', outcomeUnknown: kind !== 'read' };
}
