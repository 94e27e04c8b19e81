/**
 * What the clients build on in Node (package.json's `#platform`, `node` condition): one undici pool per process,
 * shared by every client, and stand-ins for WHATWG Request and Response that Node 20 makes dear (BENCHMARKS.md).
 */
import type { BufferedResponseInit } from '../core/platform.ts';
import { BufferedResponse } from './buffered-response.ts';
import { createNodeFetch } from './fetch.ts';
import { OutgoingRequest } from './outgoing-request.ts';

export { requestParts } from './outgoing-request.ts';

/** The fetch a client uses on Node when none is given. */
export const defaultFetch = createNodeFetch();

/** A Request-compatible object the transport reads without copying (see outgoing-request.ts). */
export const RequestClass: typeof Request | undefined = OutgoingRequest as unknown as typeof Request;

/** The body of a BufferedResponse, as text, without consuming it; undefined for any other Response. */
export function bodyText(response: Response): string | undefined {
  return response instanceof BufferedResponse ? BufferedResponse.peekText(response) : undefined;
}

/** A Response over a body already read whole, that reads from those bytes without a stream. */
export function bufferedResponse(bytes: Uint8Array, init: BufferedResponseInit): Response {
  return new BufferedResponse(bytes, init);
}
