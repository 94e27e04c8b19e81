/**
 * The `Request` openapi-fetch builds for every call (its `Request` option). A WHATWG `Request` is dear to build
 * in Node 20, and as dear again to read its body back (BENCHMARKS.md); the transport needs neither, since it only reads
 * the URL, method, headers and the body openapi-fetch already serialized. This one keeps those as given and
 * builds a real `Request` only when a middleware reads the body.
 */

import { readRequestParts, type RequestParts } from '../core/http/request-parts.ts';

const STANDARD_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH']);

export class OutgoingRequest implements Request {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly cache: RequestCache;
  readonly credentials: RequestCredentials;
  readonly destination: RequestDestination = '';
  readonly integrity: string;
  readonly keepalive: boolean;
  readonly mode: RequestMode;
  readonly redirect: RequestRedirect;
  readonly referrer: string = 'about:client';
  readonly referrerPolicy: ReferrerPolicy;
  readonly #init: RequestInit;
  readonly #signal: AbortSignal | null;
  #request: Request | undefined;

  constructor(input: string | URL, init: RequestInit = {}) {
    if (!linked) linkToRequest();
    this.url = typeof input === 'string' ? input : input.href;
    const method = (init.method ?? 'GET').toUpperCase();
    // As Request does: the standard methods are normalized to upper case, any other is kept as written.
    this.method = STANDARD_METHODS.has(method) ? method : (init.method ?? 'GET');
    if ((this.method === 'GET' || this.method === 'HEAD') && init.body != null) {
      throw new TypeError(`Request with ${this.method} method cannot have a body`);
    }
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    if (typeof init.body === 'string' && !this.headers.has('content-type'))
      this.headers.set('content-type', 'text/plain;charset=UTF-8');
    this.#signal = init.signal ?? null;
    this.cache = init.cache ?? 'default';
    this.credentials = init.credentials ?? 'same-origin';
    this.integrity = init.integrity ?? '';
    this.keepalive = init.keepalive ?? false;
    this.mode = init.mode ?? 'cors';
    this.redirect = init.redirect ?? 'follow';
    this.referrerPolicy = init.referrerPolicy ?? '';
    this.#init = init;
  }

  /**
   * True for an OutgoingRequest (not for a WHATWG Request, which `instanceof` also accepts, see below). The
   * transport reads these without copying them.
   */
  static is(value: unknown): value is OutgoingRequest {
    return typeof value === 'object' && value !== null && #init in value;
  }

  /**
   * openapi-fetch checks a middleware's result with `instanceof` against the class it was given; a middleware
   * may return a WHATWG Request, which must pass too.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return OutgoingRequest.is(value) || (typeof Request === 'function' && value instanceof Request);
  }

  /** The parts to send, body as given by openapi-fetch (a string for JSON); undefined when it needs reading. */
  static partsOf(request: OutgoingRequest): RequestParts | undefined {
    const body = request.#init.body ?? null;
    let bytes: string | Uint8Array | null;
    if (body === null || typeof body === 'string' || body instanceof Uint8Array) bytes = body;
    else if (body instanceof ArrayBuffer) bytes = new Uint8Array(body);
    else if (ArrayBuffer.isView(body)) bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    else return undefined;
    return {
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: bytes,
      signal: request.#signal,
      init: request.#init,
    };
  }

  /** This request as a WHATWG Request, with `init` on top. */
  static toRequest(request: OutgoingRequest, init?: RequestInit): Request {
    return new Request(request.url, { ...request.#init, method: request.method, headers: request.headers, ...init });
  }

  /** The same request as a WHATWG Request, built once, for the members that read the body. */
  #asRequest(): Request {
    this.#request ??= OutgoingRequest.toRequest(this);
    return this.#request;
  }

  /** A signal that never aborts when none was given, as Request has. */
  get signal(): AbortSignal {
    return this.#signal ?? this.#asRequest().signal;
  }

  get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#asRequest().body;
  }
  get bodyUsed(): boolean {
    return this.#request?.bodyUsed ?? false;
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#asRequest().arrayBuffer();
  }
  blob(): Promise<Blob> {
    return this.#asRequest().blob();
  }
  bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#asRequest().bytes();
  }
  formData(): Promise<FormData> {
    return this.#asRequest().formData();
  }
  // biome-ignore lint/suspicious/noExplicitAny: Request's own signature
  json(): Promise<any> {
    return this.#asRequest().json();
  }
  text(): Promise<string> {
    return this.#asRequest().text();
  }
  clone(): Request {
    return this.#request
      ? this.#request.clone()
      : new OutgoingRequest(this.url, { ...this.#init, method: this.method, headers: new Headers(this.headers) });
  }
}

/**
 * As for BufferedResponse: `instanceof Request` holds, and every member of Request is defined above. Linked at the
 * first construction, so importing a client does not load Node's fetch implementation.
 */
let linked = false;
function linkToRequest(): void {
  linked = true;
  if (typeof Request === 'function') Object.setPrototypeOf(OutgoingRequest.prototype, Request.prototype);
}

/**
 * Any request a fetch may be called with, as parts to send. An OutgoingRequest is read as it is; anything else
 * (a WHATWG Request from a middleware, a URL and init) goes through `Request`, which reads its body once.
 */
export async function requestParts(input: RequestInfo | URL, init?: RequestInit): Promise<RequestParts> {
  if (OutgoingRequest.is(input) && init === undefined) {
    const parts = OutgoingRequest.partsOf(input);
    if (parts) return parts;
  }
  return OutgoingRequest.is(input)
    ? readRequestParts(OutgoingRequest.toRequest(input, init))
    : readRequestParts(input, init);
}
