/**
 * What the clients build on outside Node (browsers, Deno, Bun, workers and edge runtimes): the runtime's own
 * `fetch`, `Request` and `Response`. Node resolves `#platform` to `src/node/platform.ts` instead (package.json
 * `imports`), which swaps in an undici transport and cheaper stand-ins for Request and Response.
 */
import type { FetchLike } from './http/transport.ts';

export { readRequestParts as requestParts } from './http/request-parts.ts';

/** Calls the global `fetch` at request time, so a runtime or test that replaces it later is honoured. */
export const defaultFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

/** The `Request` openapi-fetch builds each call with; undefined: its own default, the global Request. */
export const RequestClass: typeof Request | undefined = undefined;

/** Statuses whose Response may not have a body, whatever was received. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export interface BufferedResponseInit {
  status: number;
  statusText?: string;
  headers: Headers;
  url?: string;
}

/** The bodies of the responses bufferedResponse built, decoded at the first ask. */
const bodies = new WeakMap<Response, Uint8Array | string>();
const decoder = new TextDecoder();

/** A Response over a body already read whole, for openapi-fetch to read again. */
export function bufferedResponse(bytes: Uint8Array, init: BufferedResponseInit): Response {
  const body = NULL_BODY_STATUSES.has(init.status) ? null : (bytes as Uint8Array<ArrayBuffer>);
  const response = new Response(body, { status: init.status, statusText: init.statusText, headers: init.headers });
  bodies.set(response, body === null ? '' : bytes);
  return response;
}

/** The body of a Response bufferedResponse built, as text, without consuming it; undefined for any other. */
export function bodyText(response: Response): string | undefined {
  const body = bodies.get(response);
  if (body === undefined || typeof body === 'string') return body;
  const text = decoder.decode(body);
  bodies.set(response, text);
  return text;
}
