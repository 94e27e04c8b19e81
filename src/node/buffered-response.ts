/**
 * A `Response` over a body that has already been read into memory. The transport reads every body whole (so a
 * reset or a stall mid-body is caught inside the attempt's deadline); handing openapi-fetch a WHATWG `Response`
 * built again from those bytes would cost more than the rest of the call (Node 20's Response is stream-backed).
 * This one reads from the bytes it holds, and builds its `Headers` and body
 * stream only when asked.
 */

type RawHeaders = Record<string, string | string[] | undefined>;

export interface BufferedResponseInit {
  status: number;
  statusText?: string;
  /** A `Headers`, or the plain object a Node HTTP client produces (lower-case names, repeated ones as arrays). */
  headers: Headers | RawHeaders;
  url?: string;
}

/** Statuses whose response has no body, whatever was received. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const decoder = new TextDecoder();

export class BufferedResponse implements Response {
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly redirected = false;
  readonly type: ResponseType = 'basic';
  readonly #bytes: Uint8Array;
  #headers: Headers | RawHeaders;
  #text: string | undefined;
  #used = false;
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | null | undefined;

  constructor(bytes: Uint8Array, init: BufferedResponseInit) {
    if (!linked) linkToResponse();
    this.#bytes = NULL_BODY_STATUSES.has(init.status) ? new Uint8Array(0) : bytes;
    this.status = init.status;
    this.statusText = init.statusText ?? '';
    this.url = init.url ?? '';
    this.#headers = init.headers;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get headers(): Headers {
    if (!(this.#headers instanceof Headers)) this.#headers = toHeaders(this.#headers);
    return this.#headers;
  }

  /** The body decoded as UTF-8 (once, then kept), without consuming the response. */
  static peekText(response: BufferedResponse): string {
    response.#text ??= decoder.decode(response.#bytes);
    return response.#text;
  }

  get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#stream === undefined) {
      if (NULL_BODY_STATUSES.has(this.status)) {
        this.#stream = null;
      } else {
        const bytes = this.#copy();
        this.#stream = new ReadableStream({
          start(controller) {
            if (bytes.byteLength > 0) controller.enqueue(bytes);
            controller.close();
          },
        });
      }
    }
    return this.#stream;
  }

  get bodyUsed(): boolean {
    return this.#used || this.#stream?.locked === true;
  }

  async text(): Promise<string> {
    this.#consume();
    return BufferedResponse.peekText(this);
  }

  // biome-ignore lint/suspicious/noExplicitAny: Response's own signature
  async json(): Promise<any> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.#consume();
    return this.#copy().buffer;
  }

  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    this.#consume();
    return this.#copy();
  }

  async blob(): Promise<Blob> {
    this.#consume();
    return new Blob([this.#copy()], { type: this.headers.get('content-type') ?? '' });
  }

  async formData(): Promise<FormData> {
    this.#consume();
    // Rare on an API client; the platform's parser is the one to trust with multipart.
    return new Response(this.#copy(), { headers: this.headers }).formData();
  }

  clone(): Response {
    if (this.#used) throw new TypeError('Response.clone: the body has already been consumed');
    return new BufferedResponse(this.#bytes, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
      url: this.url,
    });
  }

  #consume(): void {
    if (this.bodyUsed) throw new TypeError('Body is unusable: the body has already been read');
    this.#used = true;
  }

  /** A copy, so a caller who writes into what they were given cannot change what others read. */
  #copy(): Uint8Array<ArrayBuffer> {
    return new Uint8Array(this.#bytes);
  }
}

/**
 * `response instanceof Response` holds for a BufferedResponse, as code written against fetch may check it. Every
 * member of Response is defined above, so none of Response's own accessors (which need a real one) is reached.
 * Linked at the first construction, not at import: reading the global `Response` makes Node load its own fetch
 * implementation, about 20 ms that an import of a client should not pay (BENCHMARKS.md, cold import).
 */
let linked = false;
function linkToResponse(): void {
  linked = true;
  Object.setPrototypeOf(BufferedResponse.prototype, Response.prototype);
}

function toHeaders(raw: RawHeaders): Headers {
  const headers = new Headers();
  for (const name in raw) {
    const value = raw[name];
    if (value === undefined) continue;
    if (typeof value === 'string') headers.append(name, value);
    else for (const item of value) headers.append(name, item);
  }
  return headers;
}
