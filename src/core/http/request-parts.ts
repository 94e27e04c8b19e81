/**
 * A request as the transport sends it: parts held in memory, so every attempt sends the same bytes. Read from a
 * WHATWG Request here; the Node platform reads its own cheaper Request without copying (src/node/outgoing-request.ts).
 */

/** What the transport sends on each attempt. */
export interface RequestParts {
  url: string;
  method: string;
  headers: Headers;
  /** Held in memory, so every attempt sends the same bytes. */
  body: string | Uint8Array | null;
  /** The caller's signal, if any. */
  signal: AbortSignal | null;
  /** The other `RequestInit` fields (mode, credentials, …), for a WHATWG fetch. */
  init: RequestInit;
}

/** Any request a fetch may be called with, as parts to send: it goes through `Request`, which reads its body once. */
export async function readRequestParts(input: RequestInfo | URL, init?: RequestInit): Promise<RequestParts> {
  const request = new Request(input, init);
  const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
  return {
    url: request.url,
    method: request.method,
    headers: request.headers,
    body,
    signal: request.signal,
    init: {
      cache: request.cache,
      credentials: request.credentials,
      integrity: request.integrity,
      keepalive: request.keepalive,
      mode: request.mode,
      redirect: request.redirect,
      referrerPolicy: request.referrerPolicy,
    },
  };
}
