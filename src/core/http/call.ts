import createClient, { type Client } from 'openapi-fetch';
import type * as z from 'zod/mini';
import { defaultFetch, RequestClass } from '#platform';
import { checkBaseUrl } from './base-url.ts';
import { limitIssues } from './call-options.ts';
import { MAX_ANSWER_DEPTH, nestsDeeperThan } from './error-body.ts';
import { SwitchboardError, ValidationError } from '../errors/index.ts';
import { apiErrorFromResponse, type ErrorDetails, unexpectedResponse } from './response-errors.ts';
import type { ProviderFacts } from './retry-policy.ts';
import { DEFAULT_MAX_RETRY_DELAY_MS } from './retry-timing.ts';
import {
  callSettings,
  createTransport,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  responseText,
  type CallOptions,
  type FetchLike,
  type Logger,
  type TransportSettings,
} from './transport.ts';
import { parseQuickly } from '../quick-check.ts';

/** Options every provider client accepts. */
export interface BaseClientOptions {
  /** The API's base URL; `https` only, except on loopback (mock servers, tests). */
  baseUrl?: string;
  /**
   * A `fetch`-compatible transport, called with a WHATWG Request. By default: on Node, a pool over undici's
   * `request` API (`switchboard/node`); elsewhere, the runtime's global `fetch`.
   */
  fetch?: FetchLike;
  /** Time limit per attempt in milliseconds, body included. Default 30 000. */
  timeoutMs?: number;
  /** Retries per call where the retry policy allows them (never a send that may have been accepted). Default 2. */
  maxRetries?: number;
  /**
   * The longest wait a server's `Retry-After` may impose before a retry; longer ones are cut to it. Default 60 000;
   * at most 2 147 483 647 (the longest a timer can wait, about 24.8 days), as for `timeoutMs`.
   */
  maxRetryDelayMs?: number;
  /**
   * The largest answer body read, in bytes; a larger one fails with ResponseTooLargeError without being read.
   * Default 16 MiB.
   */
  maxResponseBytes?: number;
  /** Receives a redacted summary of every attempt, response, retry and failure (no headers, no bodies). */
  logger?: Logger;
}

/** Everything a client's calls share: transport settings, provider name and facts, secrets to redact. */
export interface CallContext {
  provider: string;
  /** The client's secrets, read at each use so credentials minted later (JWTs) are redacted too. */
  secrets: () => readonly string[];
  transport: TransportSettings;
  /** The transport with the client's own settings, shared by every call that sets no limits of its own. */
  fetch: FetchLike;
  /** Reads the provider's error code and message from an error body, and picks a class by code where the status is not enough. */
  describeError?: (body: unknown) => ErrorDetails | undefined;
}

/** What every resource of a client holds: the shared call context and the authenticated openapi-fetch client. */
export interface ResourceContext<Paths extends {}> extends CallContext {
  raw: Client<Paths>;
}

export interface ClientSetup extends BaseClientOptions {
  provider: string;
  defaultBaseUrl: string;
  /** Sent with every request, including those made through `.raw` (authentication headers). */
  headers?: Record<string, string>;
  facts?: ProviderFacts;
  /** The client's secrets; a function so credentials minted later (JWTs) are redacted too. */
  secrets: () => readonly string[];
  describeError?: CallContext['describeError'];
}

/**
 * The openapi-fetch client for one provider's spec and the context its facade calls share. `.raw` goes through
 * the same transport (timeouts, retries, logging) with the client's defaults.
 */
export function createApiClient<Paths extends {}>(setup: ClientSetup): { raw: Client<Paths>; context: CallContext } {
  const context = `Invalid ${setup.provider} client options`;
  const issues = limitIssues(setup);
  if (setup.fetch !== undefined && typeof setup.fetch !== 'function')
    issues.push({ path: 'fetch', message: 'must be a function' });
  if (setup.logger !== undefined && typeof setup.logger !== 'function')
    issues.push({ path: 'logger', message: 'must be a function' });
  if (setup.baseUrl !== undefined && typeof setup.baseUrl !== 'string')
    issues.push({ path: 'baseUrl', message: 'must be a string' });
  if (issues.length > 0) throw new ValidationError(issues, context);
  const transport: TransportSettings = {
    provider: setup.provider,
    fetch: setup.fetch ?? defaultFetch,
    timeoutMs: setup.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: setup.maxRetries ?? DEFAULT_MAX_RETRIES,
    maxRetryDelayMs: setup.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS,
    maxResponseBytes: setup.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    facts: setup.facts ?? {},
    logger: setup.logger,
    secrets: setup.secrets,
  };
  const fetch = createTransport(transport);
  const raw = createClient<Paths>({
    baseUrl: checkBaseUrl(setup.baseUrl ?? setup.defaultBaseUrl),
    // Node's stand-in the transport reads without copying (src/node/outgoing-request.ts); elsewhere the default.
    ...(RequestClass ? { Request: RequestClass } : {}),
    fetch,
    headers: setup.headers,
  });
  return {
    raw,
    context: { provider: setup.provider, secrets: setup.secrets, transport, fetch, describeError: setup.describeError },
  };
}

/** What a facade call hands openapi-fetch: the call's transport and the caller's signal. */
export interface CallTransport {
  fetch: FetchLike;
  signal?: AbortSignal;
}

type OpenApiFetchResult = { data?: unknown; error?: unknown; response: Response };

/**
 * Runs one openapi-fetch call with the call's own transport settings. A success body that is not JSON (an HTML
 * error page from a proxy, a truncated body) makes openapi-fetch throw a SyntaxError; it becomes an
 * UnexpectedResponseError that keeps the first bytes of the body, redacted.
 */
export async function exchange(
  context: CallContext,
  options: CallOptions,
  call: (t: CallTransport) => Promise<OpenApiFetchResult>,
): Promise<OpenApiFetchResult> {
  const ownLimits = options.timeoutMs !== undefined || options.maxRetries !== undefined;
  if (ownLimits) {
    const issues = limitIssues(options);
    if (issues.length > 0) throw new ValidationError(issues, 'Invalid call options');
  }
  const transport = ownLimits ? createTransport(callSettings(context.transport, options)) : context.fetch;
  let last: Response | undefined;
  let entered = false;
  const fetch: FetchLike = async (input, init) => {
    entered = true;
    last = await transport(input, init);
    return last;
  };
  try {
    const result = await call({ fetch, signal: options.signal });
    const text = responseText(result.response);
    if (result.response.ok && text !== undefined && nestsDeeperThan(text, MAX_ANSWER_DEPTH)) {
      throw unexpectedResponse(
        context.provider,
        result.response,
        text,
        context.secrets(),
        `its body nests deeper than ${MAX_ANSWER_DEPTH} levels`,
      );
    }
    return result;
  } catch (error) {
    if (error instanceof SwitchboardError) throw error;
    if (error instanceof SyntaxError && last) {
      throw unexpectedResponse(
        context.provider,
        last,
        responseText(last) ?? '',
        context.secrets(),
        'its body is not valid JSON',
      );
    }
    if (!entered) {
      // openapi-fetch could not build the request (a header value it refused, say): nothing was sent.
      throw new ValidationError(
        [{ path: '', message: `the request could not be built (${(error as Error)?.name ?? 'error'})` }],
        `Invalid ${context.provider} request`,
      );
    }
    throw error;
  }
}

/**
 * One facade call: the typed error for an HTTP failure, and a success body checked against the spec's zod
 * schema when one is given.
 */
export async function callApiWithResponse<Data>(
  context: CallContext,
  options: CallOptions,
  call: (t: CallTransport) => Promise<OpenApiFetchResult>,
  schema?: z.ZodMiniType<Data>,
): Promise<{ data: Data; response: Response }> {
  const { data, error, response } = await exchange(context, options, call);
  if (!response.ok) {
    throw apiErrorFromResponse(context.provider, response, error, context.secrets(), context.describeError?.(error));
  }
  if (!schema) return { data: data as Data, response };
  const parsed = parseQuickly(schema, data);
  if (!parsed.success)
    throw unexpectedResponse(context.provider, response, data, context.secrets(), 'the body does not match the spec');
  return { data: parsed.data, response };
}

export async function callApi<Data>(
  context: CallContext,
  options: CallOptions,
  call: (t: CallTransport) => Promise<OpenApiFetchResult>,
  schema?: z.ZodMiniType<Data>,
): Promise<Data> {
  return (await callApiWithResponse(context, options, call, schema)).data;
}
