/**
 * The Node transport: a `fetch`-compatible function over undici's `request` API. Node's global `fetch` (undici's
 * WHATWG fetch) spends most of a small API call building and streaming Request and Response objects; `request`
 * skips them and costs a fraction of the CPU (see BENCHMARKS.md). Only Node loads this module: package.json's
 * `#platform` maps the `node` condition to src/node/platform.ts, which uses this, and every other runtime to its own
 * global `fetch`.
 *
 * Differences from WHATWG fetch, none of which the clients rely on: redirects are not followed (a 3xx is returned
 * as it is), `mode`, `credentials`, `cache` and `referrer` have no meaning on a server and are ignored, and a
 * compressed answer is not decompressed (no `Accept-Encoding` is sent, so servers answer uncompressed).
 */
import type { Dispatcher } from 'undici';
import { markNotSent } from '../core/http/not-sent.ts';
import {
  concat,
  declaredLength,
  DEFAULT_MAX_RESPONSE_BYTES,
  ResponseBodyTooLarge,
  SEND_PARTS,
  type PartsSender,
} from '../core/http/send-parts.ts';
import { ValidationError, type ValidationIssue } from '../core/errors/index.ts';
import { isPlainObject } from '../core/input.ts';
import { BufferedResponse } from './buffered-response.ts';
import { requestParts } from './outgoing-request.ts';

export interface NodeFetchOptions {
  /** The most connections open at once to one origin; more requests wait for a free one. Default 32. */
  connections?: number;
  /** How long an idle keep-alive connection stays open, in milliseconds. Default 4 000 (undici's). */
  keepAliveTimeoutMs?: number;
  /** An undici dispatcher to send through instead (a ProxyAgent, a MockAgent); `connections` is then ignored. */
  dispatcher?: Dispatcher;
}

export const DEFAULT_CONNECTIONS = 32;

/** The signature of WHATWG `fetch`, which a client's `fetch` option also takes. */
export type NodeFetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

function optionIssues(options: unknown): ValidationIssue[] {
  if (options === undefined) return [];
  if (!isPlainObject(options)) return [{ path: 'options', message: 'must be an object or undefined' }];
  const { connections, keepAliveTimeoutMs, dispatcher } = options as NodeFetchOptions;
  const issues: ValidationIssue[] = [];
  if (connections !== undefined && !(Number.isInteger(connections) && connections >= 1 && connections <= 65_535)) {
    issues.push({ path: 'connections', message: 'must be a whole number from 1 to 65535' });
  }
  if (
    keepAliveTimeoutMs !== undefined &&
    !(typeof keepAliveTimeoutMs === 'number' && keepAliveTimeoutMs > 0 && keepAliveTimeoutMs <= 2_147_483_647)
  ) {
    issues.push({
      path: 'keepAliveTimeoutMs',
      message: 'must be a number of milliseconds above 0 and at most 2147483647',
    });
  }
  if (dispatcher !== undefined && typeof (dispatcher as { dispatch?: unknown } | null)?.dispatch !== 'function') {
    issues.push({ path: 'dispatcher', message: 'must be an undici Dispatcher' });
  }
  return issues;
}

/** A fetch over its own connection pool, for Node. Accepts what `fetch` accepts; resolves with a buffered Response. */
export function createNodeFetch(options: NodeFetchOptions = {}): NodeFetch {
  const issues = optionIssues(options);
  if (issues.length > 0) throw new ValidationError(issues, 'Invalid createNodeFetch options');
  // Loaded and created at the first request: importing a client neither opens a connection nor pays for loading
  // undici, which costs about as much as loading the client itself (cold imports: BENCHMARKS.md).
  let dispatcher: Dispatcher | undefined = options.dispatcher;
  let loading: Promise<Dispatcher> | undefined;
  const load = () =>
    (loading ??= import('undici').then(({ Agent }) => {
      dispatcher = new Agent({
        connections: options.connections ?? DEFAULT_CONNECTIONS,
        keepAliveTimeout: options.keepAliveTimeoutMs,
      });
      return dispatcher;
    }));

  const sendParts: PartsSender = async (parts, signal, limits) => {
    const url = new URL(parts.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new TypeError(`fetch: unsupported protocol ${url.protocol}`);
    const pool = dispatcher ?? (await load());
    return dispatchBuffered(
      pool,
      {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: parts.method as Dispatcher.HttpMethod,
        headers: parts.headers as unknown as Dispatcher.DispatchOptions['headers'],
        body: parts.body,
      },
      parts.url,
      signal,
      limits?.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    );
  };
  const nodeFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let parts: Awaited<ReturnType<typeof requestParts>>;
    try {
      parts = await requestParts(input, init);
    } catch (error) {
      // What fetch would throw as a TypeError (a bad URL, a bad header): nothing was sent.
      throw new ValidationError(
        [{ path: 'input', message: `is not a request fetch can send (${(error as Error)?.name ?? 'error'})` }],
        'Invalid fetch arguments',
      );
    }
    return sendParts(parts, parts.signal);
  };
  return Object.assign(nodeFetch, { [SEND_PARTS]: sendParts });
}

/** What a parts sender may read of its signal (a Deadline or an AbortSignal). */
type CancelSignal = Parameters<PartsSender>[1];

/**
 * One request through undici's `dispatch`, its body read whole (so a reset mid-body fails this call, inside the
 * caller's deadline, as fetch's would) but never past `maxBytes`. `dispatch` rather than `request`: it tells when
 * the request is put on a socket (`onRequestStart`), so a request that ends while still queued for a pooled
 * connection (timed out or aborted) is known never to have left, and it costs less than `request`'s body stream.
 */
function dispatchBuffered(
  pool: Dispatcher,
  options: Dispatcher.DispatchOptions,
  url: string,
  signal: CancelSignal | null,
  maxBytes: number,
): Promise<BufferedResponse> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let status = 0;
    let headers: Record<string, string | string[]> = {};
    const chunks: Uint8Array[] = [];
    let received = 0;

    const finish = (error: unknown, response?: BufferedResponse) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (response) resolve(response);
      else reject(error);
    };
    const onAbort = () => {
      const reason = signal!.reason;
      if (controller) {
        controller.abort(reason instanceof Error ? reason : new Error('aborted'));
        finish(reason);
      } else {
        // Still waiting for a connection: it never left. onRequestStart drops it when its turn comes.
        // A new error: the reason may be shared by other requests that did leave.
        finish(markNotSent(new Error('aborted before it was sent', { cause: reason })));
      }
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(started) {
        controller = started;
        if (settled) started.abort(new Error('abandoned before it was sent'));
      },
      onResponseStart(_controller, statusCode, responseHeaders) {
        if (statusCode < 200) return; // 1xx informational headers; the real answer follows
        status = statusCode;
        headers = responseHeaders as Record<string, string | string[]>;
        const declared = declaredLength(headers['content-length']);
        if (declared !== undefined && declared > maxBytes) {
          const error = new ResponseBodyTooLarge(status, new Headers(toPairs(headers)), maxBytes, new Uint8Array(0));
          _controller.abort(error);
          finish(error);
        }
      },
      onResponseData(_controller, chunk) {
        received += chunk.byteLength;
        if (received > maxBytes) {
          const error = new ResponseBodyTooLarge(
            status,
            new Headers(toPairs(headers)),
            maxBytes,
            concat(chunks, received - chunk.byteLength),
          );
          _controller.abort(error);
          finish(error);
          return;
        }
        chunks.push(chunk);
      },
      onResponseEnd() {
        finish(undefined, new BufferedResponse(concat(chunks, received), { status, headers, url }));
      },
      onResponseError(_controller, error) {
        finish(controller ? error : markNotSent(error));
      },
    };
    try {
      pool.dispatch(options, handler);
    } catch (error) {
      // undici refused the request outright (a bad header, say): it never left.
      finish(markNotSent(error instanceof Error ? error : new Error('the request could not be dispatched')));
    }
  });
}

function toPairs(headers: Record<string, string | string[]>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const each of value) pairs.push([name, each]);
    else if (value !== undefined) pairs.push([name, value]);
  }
  return pairs;
}
