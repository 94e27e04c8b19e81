/**
 * The transport every client sends through: a `fetch`-compatible function that openapi-fetch calls once per
 * logical request. Each attempt runs under its own timeout and the caller's signal, reads the whole body (so a
 * reset or stall mid-body is caught here), and the retry policy decides whether to try again.
 */
import { AbortError, ConnectionError, TimeoutError } from './errors/index.ts';
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
  bodyText: string;
}
const factsByResponse = new WeakMap<Response, ResponseFacts>();

export function responseFacts(response: Response): ResponseFacts | undefined {
  return factsByResponse.get(response);
}

/** Calls the global `fetch` at request time, so a runtime or test that replaces it later is honoured. */
export const globalFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

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

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const decoder = new TextDecoder();

export function createTransport(settings: TransportSettings): FetchLike {
  return async (input, init) => {
    const template = init === undefined ? input : new Request(input, init);
    const callerSignal = template.signal;
    // The body is read once and sent from memory on every attempt: cheaper than cloning (a stream tee) each time.
    const body = template.body === null ? null : await template.arrayBuffer();
    const kind = requestKind(template, settings.facts);
    // A logger that throws must not turn a sent message into a lost result.
    const log = (entry: LogEntry) => {
      try {
        settings.logger?.(entry);
      } catch {
        // ignored on purpose
      }
    };
    const url = redact(template.url, settings.secrets());
    const method = template.method;
    // Once any attempt of a send may have been processed, the send's outcome stays unknown, whatever later
    // attempts answer (a keyed send's repeat may meet a "duplicate" refusal).
    let mayHaveBeenProcessed = false;

    for (let attempt = 1; ; attempt += 1) {
      if (callerSignal.aborted) throw new AbortError({ cause: callerSignal.reason, attempts: attempt - 1, outcomeUnknown: mayHaveBeenProcessed });
      const timeout = attemptDeadline(settings.timeoutMs, callerSignal);
      const started = Date.now();
      log({ event: 'attempt', method, url, attempt });
      let response: Response;
      let received: ArrayBuffer;
      try {
        const request = new Request(template.url, {
          method,
          headers: template.headers,
          body,
          signal: timeout.signal,
          // What else a caller may have set on the request through openapi-fetch's options.
          cache: template.cache,
          credentials: template.credentials,
          integrity: template.integrity,
          keepalive: template.keepalive,
          mode: template.mode,
          redirect: template.redirect,
          referrerPolicy: template.referrerPolicy,
        });
        const raw = await settings.fetch(request);
        received = await raw.arrayBuffer();
        response = new Response(NULL_BODY_STATUSES.has(raw.status) ? null : received, { status: raw.status, statusText: raw.statusText, headers: raw.headers });
      } catch (error) {
        timeout.clear();
        if (callerSignal.aborted) throw new AbortError({ cause: callerSignal.reason, attempts: attempt, outcomeUnknown: kind !== 'read' });
        const code = causeCode(error);
        const notSent = !timeout.aborted && code !== undefined && NOT_SENT_CODES.has(code);
        const verdict = judgeFailure(kind, notSent);
        mayHaveBeenProcessed ||= verdict.outcomeUnknown;
        const retry = verdict.retry && attempt <= settings.maxRetries;
        const outcomeUnknown = !retry && mayHaveBeenProcessed;
        const failure = timeout.aborted
          ? new TimeoutError(settings.timeoutMs, { attempts: attempt, outcomeUnknown })
          : new ConnectionError(redact(`Request failed before a response arrived: ${describe(error, code)}`, settings.secrets()), {
              cause: error,
              notSent,
              attempts: attempt,
              outcomeUnknown,
            });
        if (!retry) {
          log({ event: 'failure', method, url, attempt, error: failure.message, outcomeUnknown: failure.outcomeUnknown });
          throw failure;
        }
        const delayMs = retryDelayMs(attempt, undefined, settings.maxRetryDelayMs);
        log({ event: 'retry', method, url, attempt, delayMs, reason: failure.message });
        await wait(delayMs, callerSignal, attempt, mayHaveBeenProcessed);
        continue;
      }

      timeout.clear();
      const bodyText = decoder.decode(received);
      log({ event: 'response', method, url, attempt, status: response.status, durationMs: Date.now() - started, requestId: requestIdOf(response.headers) });
      const verdict = judgeResponse(kind, response.status, response.headers, bodyText, settings.facts);
      mayHaveBeenProcessed ||= verdict.outcomeUnknown;
      if (verdict.retry && attempt <= settings.maxRetries) {
        const delayMs = retryDelayMs(attempt, response.headers, settings.maxRetryDelayMs);
        log({ event: 'retry', method, url, attempt, delayMs, reason: `HTTP ${response.status}` });
        await wait(delayMs, callerSignal, attempt, mayHaveBeenProcessed);
        continue;
      }
      const failed = response.status >= 400;
      factsByResponse.set(response, { kind, attempts: attempt, outcomeUnknown: failed && mayHaveBeenProcessed, bodyText });
      return response;
    }
  };
}

/**
 * One attempt's signal: aborted by the caller's signal or after `timeoutMs`. A plain timer cleared when the attempt
 * ends, rather than `AbortSignal.timeout` + `AbortSignal.any`, whose timers and listeners outlive the attempt (30 s
 * each by default): at thousands of sends per second they cost more CPU and memory than the request itself.
 */
function attemptDeadline(timeoutMs: number, callerSignal: AbortSignal): { signal: AbortSignal; readonly aborted: boolean; clear(): void } {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`Request timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const onAbort = () => controller.abort(callerSignal.reason);
  if (callerSignal.aborted) onAbort();
  else callerSignal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    get aborted() {
      return timedOut;
    },
    clear() {
      clearTimeout(timer);
      callerSignal.removeEventListener('abort', onAbort);
    },
  };
}

async function wait(ms: number, signal: AbortSignal, attempts: number, outcomeUnknown: boolean): Promise<void> {
  try {
    await sleep(ms, signal);
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
