/**
 * A loopback HTTP server for hostile tests: it records every request as it arrived (raw body, all headers) and
 * answers with whatever the test's handler writes, so it can play a broken or malicious API (deep or huge bodies,
 * redirects, trickles, invalid UTF-8, compressed answers). Loopback only; open responses end when it closes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { shapeSendAnswer } from '../../src/testing/send-answers.ts';

/** CM's answer accepting every recipient of the request, as the mocks give it (src/testing/send-answers.ts). */
export function cmAcceptedAnswer(request: unknown): unknown {
  return (
    shapeSendAnswer('POST', '/v1.0/message', request, {}) ?? {
      details: 'Created 0 message(s)',
      errorCode: 0,
      messages: [],
    }
  );
}

/** CM's answer (with HTTP 400) refusing the one recipient of a request: errorCode 201, the number blacklisted. */
export const CM_ALL_REJECTED = {
  details: 'Created 0 message(s)',
  errorCode: 201,
  messages: [
    {
      to: '00447911123456',
      status: 'Rejected',
      reference: null,
      parts: 0,
      messageDetails: 'Blacklisted',
      messageErrorCode: 402,
    },
  ],
};

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (request: RecordedRequest, res: ServerResponse, req: IncomingMessage) => void | Promise<void>;

export interface LoopbackServer {
  url: string;
  requests: RecordedRequest[];
  /** Replaces the handler for the requests that follow. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

/** Answers JSON with a status. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export async function startLoopbackServer(
  handler: Handler = (_request, res) => json(res, 200, {}),
): Promise<LoopbackServer> {
  let current = handler;
  const open = new Set<ServerResponse>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: RecordedRequest = {
      method: req.method!,
      path: req.url!,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    loopback.requests.push(request);
    open.add(res);
    res.on('close', () => open.delete(res));
    try {
      await current(request, res, req);
    } catch {
      res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const loopback: LoopbackServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: [],
    handle(next) {
      current = next;
    },
    close: () =>
      new Promise((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return loopback;
}

/**
 * A success answer as each provider gives it, by path: CM one entry per recipient, Comapi an id per batch item (by
 * index) or the stored message, Webex a message id. Anything else: 200 `{}`.
 */
export function providerAnswer(request: RecordedRequest, res: ServerResponse): void {
  const body = request.body ? safeParse(request.body) : undefined;
  if (request.path === '/v1.0/message') {
    return json(res, 200, cmAcceptedAnswer(body));
  }
  if (request.path.endsWith('/messages/batch')) {
    return json(
      res,
      202,
      (body as unknown[]).map((_, index) => ({ index, messageId: `m-${index}` })),
    );
  }
  if (request.method === 'POST' && /\/apispaces\/[^/]+\/messages$/.test(request.path)) {
    return json(res, 200, { messageId: 'm-1', status: 'processing' });
  }
  if (request.path.startsWith('/v1/sms/messages') || request.path === '/v2/messages') {
    return json(res, 201, {
      requestTimestamp: '2024-09-05T00:03:01.708-04:00',
      messageId: 'w-1',
      correlationId: '',
      status: 'queued',
    });
  }
  return json(res, 200, {});
}

function safeParse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
