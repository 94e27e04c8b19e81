/**
 * The transport every client sends through: a `fetch`-compatible function that openapi-fetch calls once per
 * logical request. Each attempt runs under its own timeout and the caller's signal, reads the whole body (so a
 * reset or stall mid-body is caught here), and the retry policy decides whether to try again.
 */
import { BufferedResponse } from './buffered-response.ts';
import { AbortError, ConnectionError, TimeoutError } from './errors/index.ts';
import { Deadline, type CancelSignal } from './deadline.ts';
import { requestParts, type RequestParts } from './outgoing-request.ts';
import { redact } from './redact.ts';
import { requestIdOf } from './request-id.ts';
import { judgeFailure, judgeResponse, requestKind, type ProviderFacts, type RequestKind } from './retry-policy.ts';
import { retryDelayMs, sleep } from './retry-timing.ts';

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
  | { event: 'response'; method: string; url: string; attempt: number; status: number; durationMs: number; requestId?: string }
  | { event: 'retry'; method: string; url: string; attempt: number; delayMs: number; reason: string }
  | { event: 'failure'; method: string; url: string; attempt: number; error: string; outcomeUnknown: boolean };

export type Logger = (entry: LogEntry) => void;

export interface TransportSettings {
  fetch: FetchLike;
  timeoutMs: number;
  maxRetries: number;
  /** The longest wait a `Retry-After` may impose; longer requests are cut to it. */
  maxRetryDelayMs: number;
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
  return response instanceof BufferedResponse ? BufferedResponse.peekText(response) : undefined;
}

/** Connection errors that prove the request never reached a server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

function causeCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ABORT_ERR') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A fetch may carry a parts sender under this key (the Node transport does): the transport then hands it the
 * request parts and the attempt's deadline as they are, instead of building a WHATWG Request and AbortSignal for
 * every attempt. Any other fetch gets a real Request.
 */
export const SEND_PARTS = Symbol.for('switchboard.sendParts');

export type PartsSender = (parts: RequestParts, signal: CancelSignal | null) => Promise<BufferedResponse>;

function partsSenderOf(fetch: FetchLike): PartsSender | undefined {
  return (fetch as { [SEND_PARTS]?: PartsSender })[SEND_PARTS];
}

/**
 * One attempt through a WHATWG fetch: the request sent under the deadline's signal, the whole body read. The
 * signal is the dearest part of the attempt (Node's Request links its own AbortController to it), but without it a
 * timeout could not cancel the caller's fetch, which would go on holding its connection.
 */
async function sendThroughFetch(fetch: FetchLike, parts: RequestParts, deadline: Deadline): Promise<BufferedResponse> {
  const init: RequestInit = { ...parts.init, method: parts.method, headers: parts.headers, body: parts.body as BodyInit | null, signal: deadline.signal };
  const response = await fetch(new Request(parts.url, init));
  if (response instanceof BufferedResponse && !response.bodyUsed) return response;
  const bytes = new Uint8Array(await response.arrayBuffer());
  return new BufferedResponse(bytes, { status: response.status, statusText: response.statusText, headers: response.headers, url: response.url });
}

export function createTransport(settings: TransportSettings): FetchLike {
  return async (input, init) => {
    const parts = await requestParts(input, init);
    const callerSignal = parts.signal;
    const kind = requestKind(parts, settings.facts);
    const sendParts = partsSenderOf(settings.fetch);
    // A logger that throws must not turn a sent message into a lost result.
    const log = (entry: LogEntry) => {
      try {
        settings.logger?.(entry);
      } catch {
        // ignored on purpose
      }
    };
    const url = settings.logger ? redact(parts.url, settings.secrets()) : parts.url;
    const method = parts.method;
    // Once any attempt of a send may have been processed, the send's outcome stays unknown, whatever later
    // attempts answer (a keyed send's repeat may meet a "duplicate" refusal).
    let mayHaveBeenProcessed = false;

    for (let attemptNo = 1; ; attemptNo += 1) {
      if (callerSignal?.aborted) throw new AbortError({ cause: callerSignal.reason, attempts: attemptNo - 1, outcomeUnknown: mayHaveBeenProcessed });
      const deadline = new Deadline(settings.timeoutMs, callerSignal);
      const started = settings.logger ? Date.now() : 0;
      if (settings.logger) log({ event: 'attempt', method, url, attempt: attemptNo });
      let response: BufferedResponse;
      try {
        response = sendParts ? await sendParts(parts, deadline) : await sendThroughFetch(settings.fetch, parts, deadline);
      } catch (error) {
        deadline.clear();
        if (callerSignal?.aborted) throw new AbortError({ cause: callerSignal.reason, attempts: attemptNo, outcomeUnknown: kind !== 'read' });
        const code = causeCode(error);
        const notSent = !deadline.timedOut && code !== undefined && NOT_SENT_CODES.has(code);
        const verdict = judgeFailure(kind, notSent);
        mayHaveBeenProcessed ||= verdict.outcomeUnknown;
        const retry = verdict.retry && attemptNo <= settings.maxRetries;
        const outcomeUnknown = !retry && mayHaveBeenProcessed;
        const failure = deadline.timedOut
          ? new TimeoutError(settings.timeoutMs, { attempts: attemptNo, outcomeUnknown })
          : new ConnectionError(redact(`Request failed before a response arrived: ${describe(error, code)}`, settings.secrets()), {
              cause: error,
              notSent,
              attempts: attemptNo,
              outcomeUnknown,
            });
        if (!retry) {
          log({ event: 'failure', method, url, attempt: attemptNo, error: failure.message, outcomeUnknown: failure.outcomeUnknown });
          throw failure;
        }
        const delayMs = retryDelayMs(attemptNo, undefined, settings.maxRetryDelayMs);
        log({ event: 'retry', method, url, attempt: attemptNo, delayMs, reason: failure.message });
        await wait(delayMs, callerSignal, attemptNo, mayHaveBeenProcessed);
        continue;
      }

      deadline.clear();
      if (settings.logger) {
        log({ event: 'response', method, url, attempt: attemptNo, status: response.status, durationMs: Date.now() - started, requestId: requestIdOf(response.headers) });
      }
      if (response.status >= 400) {
        const verdict = judgeResponse(kind, response.status, response.headers, BufferedResponse.peekText(response), settings.facts);
        mayHaveBeenProcessed ||= verdict.outcomeUnknown;
        if (verdict.retry && attemptNo <= settings.maxRetries) {
          const delayMs = retryDelayMs(attemptNo, response.headers, settings.maxRetryDelayMs);
          log({ event: 'retry', method, url, attempt: attemptNo, delayMs, reason: `HTTP ${response.status}` });
          await wait(delayMs, callerSignal, attemptNo, mayHaveBeenProcessed);
          continue;
        }
      }
      factsByResponse.set(response, { kind, attempts: attemptNo, outcomeUnknown: response.status >= 400 && mayHaveBeenProcessed });
      return response;
    }
  };
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
