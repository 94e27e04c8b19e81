import createClient, { type Client } from 'openapi-fetch';
import type { z } from 'zod';
import { checkBaseUrl } from './base-url.ts';
import { apiErrorClassFor, UnexpectedResponseError, type ApiError, type ApiErrorClass } from './errors/index.ts';
import { redact } from './redact.ts';
import { DEFAULT_TIMEOUT_MS, globalFetch, withDeadline, type CallOptions, type FetchLike } from './transport.ts';

/** Options every provider client accepts. */
export interface BaseClientOptions {
  /** The API's base URL; `https` only, except on loopback (mock servers, tests). */
  baseUrl?: string;
  /** A `fetch`-compatible transport; the global `fetch` by default. */
  fetch?: FetchLike;
  /** Per-call time limit in milliseconds, body included. Default 30 000. */
  timeoutMs?: number;
}

export interface HttpClientSetup {
  baseUrl: string;
  fetch?: FetchLike;
  /** Sent with every request, including those made through `.raw` (authentication headers). */
  headers?: Record<string, string>;
}

/** An openapi-fetch client for one provider's spec, with its base URL checked and its headers set. */
export function createHttpClient<Paths extends {}>(setup: HttpClientSetup): Client<Paths> {
  return createClient<Paths>({
    baseUrl: checkBaseUrl(setup.baseUrl),
    fetch: setup.fetch ?? globalFetch,
    headers: setup.headers,
  });
}

export function resolveTimeout(clientTimeoutMs: number | undefined, callTimeoutMs: number | undefined): number {
  return callTimeoutMs ?? clientTimeoutMs ?? DEFAULT_TIMEOUT_MS;
}

/** Response headers that carry a request id, most specific first. CM's gateway sits behind Cloudflare. */
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-correlation-id', 'cf-ray'];

export function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

export interface ErrorDetails {
  /** The provider's error code from the body. */
  code?: number | string;
  /** The provider's own description of the failure, from the body. */
  detail?: string;
  /** A provider-specific class that overrides the one chosen by status (CM's 101 is an auth failure on HTTP 400). */
  errorClass?: ApiErrorClass;
}

/**
 * Builds the typed error for an HTTP failure. The body is redacted of the client's secrets before it is
 * kept, since a mock or proxy may echo the request back.
 */
export function apiErrorFromResponse(
  provider: string,
  response: Response,
  body: unknown,
  secrets: readonly string[],
  details: ErrorDetails = {},
): ApiError {
  const ErrorClass = details.errorClass ?? apiErrorClassFor(response.status);
  const code = details.code === undefined ? '' : ` (code ${details.code})`;
  const summary = details.detail ?? summarizeBody(body);
  const detail = summary ? `: ${summary}` : '';
  return new ErrorClass({
    status: response.status,
    headers: response.headers,
    body: redact(body, secrets),
    code: details.code,
    requestId: requestIdOf(response.headers),
    message: redact(`${provider} answered HTTP ${response.status}${code}${detail}`, secrets),
  });
}

/** The start of a body, for an error message: enough to see what the server said without flooding a log. */
function summarizeBody(body: unknown): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** A 2xx whose body does not match the spec. For a send, the message may have gone out all the same. */
export function unexpectedResponse(
  provider: string,
  response: Response,
  body: unknown,
  secrets: readonly string[],
  why: string,
): UnexpectedResponseError {
  return new UnexpectedResponseError({
    status: response.status,
    headers: response.headers,
    body: redact(body, secrets),
    requestId: requestIdOf(response.headers),
    message: `${provider} answered HTTP ${response.status} but ${why}`,
  });
}

/** What a resource needs to make calls: its provider's name (for messages), secrets to redact, its timeout. */
export interface CallContext {
  provider: string;
  secrets: readonly string[];
  timeoutMs: number | undefined;
  /** Reads the provider's error code and message from an error body, and picks a class by code where the status is not enough. */
  describeError?: (body: unknown) => ErrorDetails | undefined;
}

/**
 * Runs one openapi-fetch call for a facade method: under the deadline, throwing the typed error for an HTTP
 * failure, and checking a success body against the spec's zod schema when one is given.
 */
export async function callApi<Data>(
  context: CallContext,
  options: CallOptions,
  call: (signal: AbortSignal) => Promise<{ data?: unknown; error?: unknown; response: Response }>,
  schema?: z.ZodType<Data>,
): Promise<Data> {
  return (await callApiWithResponse(context, options, call, schema)).data;
}

/** `callApi`, keeping the response for callers that check more than the body's shape. */
export async function callApiWithResponse<Data>(
  context: CallContext,
  options: CallOptions,
  call: (signal: AbortSignal) => Promise<{ data?: unknown; error?: unknown; response: Response }>,
  schema?: z.ZodType<Data>,
): Promise<{ data: Data; response: Response }> {
  const timeoutMs = resolveTimeout(context.timeoutMs, options.timeoutMs);
  const { data, error, response } = await withDeadline(call, timeoutMs, options.signal);
  if (!response.ok) {
    throw apiErrorFromResponse(context.provider, response, error, context.secrets, context.describeError?.(error));
  }
  if (!schema) return { data: data as Data, response };
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw unexpectedResponse(context.provider, response, data, context.secrets, 'the body does not match the spec');
  }
  return { data: parsed.data, response };
}
