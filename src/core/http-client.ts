import createClient, { type Client } from 'openapi-fetch';
import { checkBaseUrl } from './base-url.ts';
import { apiErrorClassFor, type ApiError, type ApiErrorClass } from './errors/index.ts';
import { redact } from './redact.ts';
import { DEFAULT_TIMEOUT_MS, globalFetch, type FetchLike } from './transport.ts';

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
  const detail = details.detail ? `: ${details.detail}` : '';
  return new ErrorClass({
    status: response.status,
    headers: response.headers,
    body: redact(body, secrets),
    code: details.code,
    requestId: requestIdOf(response.headers),
    message: redact(`${provider} answered HTTP ${response.status}${code}${detail}`, secrets),
  });
}
