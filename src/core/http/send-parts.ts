/**
 * The protocol between the transport and a fetch that can send request parts itself (the Node transport): the key
 * it carries, what it is handed and what it answers, and the body-size limit both sides enforce. A leaf module, so
 * the Node platform can implement it without loading the transport.
 */
import type { CancelSignal } from './deadline.ts';
import type { RequestParts } from './request-parts.ts';

/**
 * The largest answer read, by default: far above any answer of the three APIs (a CM answer lists ~120 bytes per
 * recipient, and a request carries at most 20,000 of them), far below what would hurt a server to hold.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * A fetch may carry a parts sender under this key (the Node transport does): the transport then hands it the
 * request parts and the attempt's deadline as they are, instead of building a WHATWG Request and AbortSignal for
 * every attempt. Any other fetch gets a real Request.
 */
export const SEND_PARTS = Symbol.for('switchboard.sendParts');

export interface SendLimits {
  /** Stop reading past this many body bytes and fail with a ResponseBodyTooLarge. */
  maxResponseBytes: number;
}

/**
 * Sends the parts under the signal and resolves with a Response over the body read whole, built by the platform's
 * `bufferedResponse`, so the transport can read the body again (`bodyText`) without consuming it.
 */
export type PartsSender = (parts: RequestParts, signal: CancelSignal | null, limits?: SendLimits) => Promise<Response>;

/**
 * Thrown by a sender that stopped reading a body at the limit; the transport turns it into a ResponseTooLargeError
 * with the call's facts. `status` and `headers` are what arrived.
 */
export class ResponseBodyTooLarge extends Error {
  override readonly name = 'ResponseBodyTooLarge';
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly limitBytes: number,
    readonly received: Uint8Array,
  ) {
    super(`The response body is larger than ${limitBytes} bytes`);
  }
}

/** The length a response declares, when it declares one. */
export function declaredLength(value: string | string[] | null | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === null || text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  return Number(text.trim());
}

/** Joins the chunks of a body read in pieces. */
export function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
