/**
 * A fetch-style handler (`createWebhookHandler`'s) as a `node:http` request listener, which Express and Connect
 * take as middleware too: the body is read into memory up to a limit, handed over as a `Request`, and the
 * `Response` written back.
 *
 * Signatures are over the raw bytes, so the body must reach the listener unread: mount it before `express.json()`,
 * or behind `express.raw({ type: '*\/*' })` (a Buffer in `req.body` is used as the body).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ValidationError } from '../core/errors/index.ts';
import { describeType, isPlainObject, readingInput } from '../core/input.ts';

export type FetchHandler = (request: Request) => Promise<Response>;
export type NodeListener = (
  request: IncomingMessage,
  response: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

export interface NodeListenerOptions {
  /** The largest body read, in bytes; a larger one is answered 413 unread. 1 MiB by default, as the handler's. */
  maxBodyBytes?: number;
}

const CONTEXT = 'Invalid toNodeListener arguments';

export function toNodeListener(handler: FetchHandler, options: NodeListenerOptions = {}): NodeListener {
  const maxBodyBytes = readingInput(CONTEXT, () => {
    if (typeof handler !== 'function') {
      throw new ValidationError(
        [{ path: 'handler', message: `must be a function, not ${describeType(handler)}` }],
        CONTEXT,
      );
    }
    if (!isPlainObject(options)) {
      throw new ValidationError(
        [{ path: 'options', message: `must be an object, not ${describeType(options)}` }],
        CONTEXT,
      );
    }
    const max = options.maxBodyBytes ?? 1024 * 1024;
    if (typeof max !== 'number' || !Number.isSafeInteger(max) || max < 1) {
      throw new ValidationError(
        [{ path: 'options.maxBodyBytes', message: 'must be a positive whole number' }],
        CONTEXT,
      );
    }
    return max;
  });
  return (request, response) => {
    serve(handler, request, response, maxBodyBytes).catch(() => {
      // serve answers every failure itself; this only keeps a broken socket from becoming an unhandled rejection.
    });
  };
}

async function serve(handler: FetchHandler, request: IncomingMessage, response: ServerResponse, max: number) {
  let answer: Response;
  try {
    const body = await bodyOf(request, max);
    answer =
      body === 'too large'
        ? new Response('The body is too large', { status: 413 })
        : await handler(toRequest(request, body));
  } catch {
    answer = new Response('The request could not be handled', { status: 500 });
  }
  const bytes = new Uint8Array(await answer.arrayBuffer());
  const headers: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (answer.status === 413) headers.connection = 'close';
  response.writeHead(answer.status, headers);
  // After a 413 the rest of the body is not wanted: close the connection once the answer is out.
  response.end(bytes, () => {
    if (answer.status === 413) request.destroy();
  });
}

/** The body's bytes: a body an earlier middleware kept raw (`express.raw`), else read from the stream. */
async function bodyOf(request: IncomingMessage, max: number): Promise<Uint8Array | 'too large' | undefined> {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  const kept = (request as IncomingMessage & { body?: unknown }).body;
  if (kept instanceof Uint8Array) return kept.byteLength > max ? 'too large' : kept;
  if (typeof kept === 'string') return new TextEncoder().encode(kept);
  if (request.readableEnded) {
    // A JSON parser got there first: the bytes the signature covers are gone.
    throw new Error('The body was already read by another middleware');
  }
  if (Number(request.headers['content-length'] ?? 0) > max) return 'too large';
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= max) {
        chunks.push(chunk);
        return;
      }
      // Stop reading, but leave the socket open so that the 413 can still be written.
      request.off('data', onData);
      request.pause();
      resolve('too large');
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks, size)));
    request.once('error', reject);
  });
}

function toRequest(request: IncomingMessage, body: Uint8Array | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  // The handler routes by path and reads the query; the Host header is the sender's to choose, so it is not used.
  const url = new URL(request.url ?? '/', 'http://localhost');
  return new Request(url, { method: request.method ?? 'GET', headers, body: body as BodyInit | undefined });
}
