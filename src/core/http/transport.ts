/**
 * The transport every client sends through: a `fetch`-compatible function that openapi-fetch calls once per
 * logical request. Each attempt runs under its own timeout and the caller's signal, reads the whole body (so a
 * reset or stall mid-body is caught here), and the retry policy decides whether to try again.
 */
import { bodyText, bufferedResponse, requestParts } from '#platform';
import { AbortError, ConnectionError, RedirectError, ResponseTooLargeError, TimeoutError } from '../errors/index.ts';
import { Deadline } from './deadline.ts';
import { excerpt, redactHeaders } from './error-body.ts';
import { provablyNotSent, causeCode } from './not-sent.ts';
import type { RequestParts } from './request-parts.ts';
import { redact, redactError, redactText } from './redact.ts';
import { requestIdOf } from './request-id.ts';
import { judgeFailure, judgeResponse, requestKind, type ProviderFacts, type RequestKind } from './retry-policy.ts';
import { retryDelayMs, sleep } from './retry-timing.ts';
import {
  concat,
  DEFAULT_MAX_RESPONSE_BYTES,
  declaredLength,
  ResponseBodyTooLarge,
  SEND_PARTS,
  type PartsSender,
  type SendLimits,
} from './send-parts.ts';

export { DEFAULT_MAX_RESPONSE_BYTES };

/** The transport boundary: anything with the signature of WHATWG `fetch`. */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;

export interface CallOptions {
  /** Aborts the call, waits included; the call then rejects with an AbortError. */
  signal?: AbortSignal;
  /** The time limit for each attempt, body included; a TimeoutError past it. */
  timeoutMs?: number;
  /** How many times a failed attempt may be retried, where the retry policy allows it. */
  maxRetries?: number;
}

/** A redacted summary of one step; it never carries headers or bodies. */
export type LogEntry =
  | { event: 'attempt'; method: string; url: string; attempt: number }
  | {
      event: 'response';
      method: string;
      url: string;
      attempt: number;
      status: number;
      durationMs: number;
      requestId?: string;
    }
  | { event: 'retry'; method: string; url: string; attempt: number; delayMs: number; reason: string }
  | { event: 'failure'; method: string; url: string; attempt: number; error: string; outcomeUnknown: boolean };

export type Logger = (entry: LogEntry) => void;

export interface TransportSettings {
  /** The provider's name, for messages. */
  provider: string;
  fetch: FetchLike;
  timeoutMs: number;
  maxRetries: number;
  /** The longest wait a `Retry-After` may impose; longer requests are cut to it. */
  maxRetryDelayMs: number;
  /** The largest body read; a larger one fails with ResponseTooLargeError. */
  maxResponseBytes: number;
  facts: ProviderFacts;
  logger?: Logger;
  secrets: () => readonly string[];
}

/** What the transport learnt about a response it returned; read by the error builders. */
export interface ResponseFacts {
  kind: RequestKind;
  attempts: number;
  outcomeUnknown: boolean;
}
const factsByResponse = new WeakMap<Response, ResponseFacts>();

export function responseFacts(response: Response): ResponseFacts | undefined {
  return factsByResponse.get(response);
}

/** The body of a response the transport returned, as text, whether or not openapi-fetch has read it. */
export function responseText(response: Response): string | undefined {
  return bodyText(response);
}

function partsSenderOf(fetch: FetchLike): PartsSender | undefined {
  return (fetch as { [SEND_PARTS]?: PartsSender })[SEND_PARTS];
}

/**
 * One attempt through a WHATWG fetch: the request sent under the deadline's signal, the whole body read. The
 * signal is the dearest part of the attempt (Node's Request links its own AbortController to it), but without it a
 * timeout could not cancel the caller's fetch, which would go on holding its connection.
 */
async function sendThroughFetch(
  fetch: FetchLike,
  parts: RequestParts,
  deadline: Deadline,
  limits: SendLimits,
): Promise<Response> {
  // `redirect: 'manual'`: a WHATWG fetch would otherwise follow a 3xx to wherever it points, credentials included.
  const init: RequestInit = {
    ...parts.init,
    method: parts.method,
    headers: parts.headers,
    body: parts.body as BodyInit | null,
    signal: deadline.signal,
    redirect: 'manual',
  };
  const response = await fetch(new Request(parts.url, init));
  // A browser's opaque redirect has status 0 and no body to read; no Response can be built again with status 0.
  if (response.type === 'opaqueredirect') return response;
  const bytes = await readLimited(response, limits.maxResponseBytes);
  return bufferedResponse(bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    url: response.url,
  });
}

/** Reads a WHATWG response's body whole, but never past `limit` bytes. */
async function readLimited(response: Response, limit: number): Promise<Uint8Array> {
  const declared = declaredLength(response.headers.get('content-length'));
  if (declared !== undefined && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new ResponseBodyTooLarge(response.status, response.headers, limit, new Uint8Array(0));
  }
  if (!response.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseBodyTooLarge(
        response.status,
        response.headers,
        limit,
        concat(chunks, received - value.byteLength),
      );
    }
    chunks.push(value);
  }
  return concat(chunks, received);
}

/** An opaque redirect (browsers answer `redirect: 'manual'` with one) or any 3xx. */
function isRedirect(response: Response): boolean {
  return (response.status >= 300 && response.status < 400) || response.type === 'opaqueredirect';
}

export function createTransport(settings: TransportSettings): FetchLike {
  return async (input, init) => {
    const parts = await requestParts(input, init);
    const callerSignal = parts.signal;
    const kind = requestKind(parts, settings.facts);
    const sendParts = partsSenderOf(settings.fetch);
    const limits: SendLimits = { maxResponseBytes: settings.maxResponseBytes };
    const secrets = () => settings.secrets();
    // A logger that throws must not turn a sent message into a lost result.
    const log = (entry: LogEntry) => {
      try {
        settings.logger?.(entry);
      } catch {
        // ignored on purpose
      }
    };
    const url = settings.logger ? redact(parts.url, secrets()) : parts.url;
    const method = parts.method;
    // The last word on a call that fails: logged once, then thrown by the caller.
    const logged = <E extends Error & { outcomeUnknown: boolean }>(failure: E, attempt: number): E => {
      log({ event: 'failure', method, url, attempt, error: failure.message, outcomeUnknown: failure.outcomeUnknown });
      return failure;
    };
    // Once any attempt of a send may have been processed, the send's outcome stays unknown, whatever later
    // attempts answer (a keyed send's repeat may meet a "duplicate" refusal).
    let mayHaveBeenProcessed = false;

    for (let attemptNo = 1; ; attemptNo += 1) {
      if (callerSignal?.aborted)
        throw new AbortError({
          cause: callerSignal.reason,
          attempts: attemptNo - 1,
          outcomeUnknown: mayHaveBeenProcessed,
        });
      const deadline = new Deadline(settings.timeoutMs, callerSignal);
      const started = settings.logger ? Date.now() : 0;
      if (settings.logger) log({ event: 'attempt', method, url, attempt: attemptNo });
      let response: Response;
      try {
        response = sendParts
          ? await sendParts(parts, deadline, limits)
          : await sendThroughFetch(settings.fetch, parts, deadline, limits);
      } catch (error) {
        deadline.clear();
        const notSent = provablyNotSent(error);
        if (error instanceof ResponseBodyTooLarge) {
          const failure = tooLarge(settings, error, attemptNo, kind !== 'read' || mayHaveBeenProcessed);
          throw logged(failure, attemptNo);
        }
        if (callerSignal?.aborted) {
          throw new AbortError({
            cause: callerSignal.reason,
            attempts: attemptNo,
            outcomeUnknown: mayHaveBeenProcessed || (kind !== 'read' && !notSent),
          });
        }
        const code = causeCode(error);
        const verdict = judgeFailure(kind, notSent);
        mayHaveBeenProcessed ||= verdict.outcomeUnknown;
        const retry = verdict.retry && attemptNo <= settings.maxRetries;
        const outcomeUnknown = !retry && mayHaveBeenProcessed;
        const failure = deadline.timedOut
          ? new TimeoutError(settings.timeoutMs, { attempts: attemptNo, outcomeUnknown, notSent })
          : new ConnectionError(
              redactText(`Request failed before a response arrived: ${describe(error, code)}`, secrets()),
              {
                // A copy with the secrets taken out: an error from below may quote a header or the URL.
                cause: redactError(error, secrets()),
                notSent,
                attempts: attemptNo,
                outcomeUnknown,
              },
            );
        if (!retry) {
          throw logged(failure, attemptNo);
        }
        const delayMs = retryDelayMs(attemptNo, undefined, settings.maxRetryDelayMs);
        log({ event: 'retry', method, url, attempt: attemptNo, delayMs, reason: failure.message });
        await wait(delayMs, callerSignal, attemptNo, mayHaveBeenProcessed);
        continue;
      }

      deadline.clear();
      if (settings.logger) {
        log({
          event: 'response',
          method,
          url,
          attempt: attemptNo,
          status: response.status,
          durationMs: Date.now() - started,
          requestId: requestIdOf(response.headers),
        });
      }
      if (isRedirect(response)) {
        // Not followed, not retried. A send's redirect proves nothing about whether it was processed.
        const failure = redirected(settings, response, attemptNo, kind !== 'read' || mayHaveBeenProcessed);
        throw logged(failure, attemptNo);
      }
      if (response.status >= 400) {
        const verdict = judgeResponse(
          kind,
          response.status,
          response.headers,
          responseText(response) ?? '',
          settings.facts,
        );
        mayHaveBeenProcessed ||= verdict.outcomeUnknown;
        if (verdict.retry && attemptNo <= settings.maxRetries) {
          const delayMs = retryDelayMs(attemptNo, response.headers, settings.maxRetryDelayMs);
          log({ event: 'retry', method, url, attempt: attemptNo, delayMs, reason: `HTTP ${response.status}` });
          await wait(delayMs, callerSignal, attemptNo, mayHaveBeenProcessed);
          continue;
        }
      }
      factsByResponse.set(response, {
        kind,
        attempts: attemptNo,
        outcomeUnknown: response.status >= 400 && mayHaveBeenProcessed,
      });
      return response;
    }
  };
}

function redirected(
  settings: TransportSettings,
  response: Response,
  attempts: number,
  outcomeUnknown: boolean,
): RedirectError {
  const secrets = settings.secrets();
  const where = response.headers.get('location');
  const status = response.status === 0 ? 'a redirect' : `HTTP ${response.status}`;
  return new RedirectError({
    status: response.status,
    headers: redactHeaders(response.headers, secrets),
    body: excerpt(responseText(response) ?? '', secrets),
    requestId: requestIdOf(response.headers),
    message: redactText(
      `${settings.provider} answered ${status}${where ? ` to ${where}` : ''}; Switchboard does not follow redirects, which would carry the credentials elsewhere` +
        (outcomeUnknown ? '; the request may have been processed, and was not retried' : ''),
      secrets,
    ),
    attempts,
    outcomeUnknown,
  });
}

function tooLarge(
  settings: TransportSettings,
  error: ResponseBodyTooLarge,
  attempts: number,
  outcomeUnknown: boolean,
): ResponseTooLargeError {
  const secrets = settings.secrets();
  return new ResponseTooLargeError({
    status: error.status,
    headers: redactHeaders(error.headers, secrets),
    body: undefined,
    requestId: requestIdOf(error.headers),
    message: `${settings.provider} answered HTTP ${error.status} with a body larger than maxResponseBytes (${error.limitBytes}); it was not read${outcomeUnknown ? '; the request may have been processed' : ''}`,
    attempts,
    outcomeUnknown,
    limitBytes: error.limitBytes,
  });
}

async function wait(ms: number, signal: AbortSignal | null, attempts: number, outcomeUnknown: boolean): Promise<void> {
  try {
    await sleep(ms, signal ?? undefined);
  } catch (reason) {
    throw new AbortError({ cause: reason, attempts, outcomeUnknown });
  }
}

function describe(error: unknown, code: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${message} (${code})` : message;
}

/** Settings for one call: the client's, with the call's own options on top. */
export function callSettings(base: TransportSettings, options: CallOptions): TransportSettings {
  return {
    ...base,
    timeoutMs: options.timeoutMs ?? base.timeoutMs,
    maxRetries: options.maxRetries ?? base.maxRetries,
  };
}
