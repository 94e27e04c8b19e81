/**
 * The Node transport: a `fetch`-compatible function over undici's `request` API. Node's global `fetch` (undici's
 * WHATWG fetch) spends most of a small API call building and streaming Request and Response objects; `request`
 * skips them and costs a fraction of the CPU (see BENCHMARKS.md). Only Node loads this module: package.json's
 * `#default-fetch` maps the `node` condition here and every other runtime to its own global `fetch`.
 *
 * Differences from WHATWG fetch, none of which the clients rely on: redirects are not followed (a 3xx is returned
 * as it is), `mode`, `credentials`, `cache` and `referrer` have no meaning on a server and are ignored, and a
 * compressed answer is not decompressed (no `Accept-Encoding` is sent, so servers answer uncompressed).
 */
import type { Dispatcher } from 'undici';
import { BufferedResponse } from '../core/buffered-response.ts';
import { requestParts } from '../core/outgoing-request.ts';
import { SEND_PARTS, type PartsSender } from '../core/transport.ts';

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

/** A fetch over its own connection pool, for Node. Accepts what `fetch` accepts; resolves with a buffered Response. */
export function createNodeFetch(options: NodeFetchOptions = {}): NodeFetch {
  // Loaded and created at the first request: importing a client neither opens a connection nor pays for loading
  // undici (~50 ms, as much again as the client itself).
  let dispatcher: Dispatcher | undefined = options.dispatcher;
  let loading: Promise<Dispatcher> | undefined;
  const load = () =>
    (loading ??= import('undici').then(({ Agent }) => {
      dispatcher = new Agent({ connections: options.connections ?? DEFAULT_CONNECTIONS, keepAliveTimeout: options.keepAliveTimeoutMs });
      return dispatcher;
    }));

  const sendParts: PartsSender = async (parts, signal) => {
    const url = new URL(parts.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`fetch: unsupported protocol ${url.protocol}`);
    const { statusCode, headers, body } = await (dispatcher ?? (await load())).request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: parts.method as Dispatcher.HttpMethod,
      headers: parts.headers,
      body: parts.body,
      // undici listens on anything with `addEventListener`, `aborted` and `reason`: a Deadline or an AbortSignal.
      signal: (signal ?? undefined) as AbortSignal | undefined,
    });
    // Read whole here, so a reset mid-body fails this call (inside the caller's deadline), as fetch's would.
    const bytes = await body.bytes();
    return new BufferedResponse(bytes, { status: statusCode, headers, url: parts.url });
  };
  const nodeFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const parts = await requestParts(input, init);
    return sendParts(parts, parts.signal);
  };
  return Object.assign(nodeFetch, { [SEND_PARTS]: sendParts });
}
