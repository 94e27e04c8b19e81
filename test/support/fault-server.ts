/**
 * A loopback HTTP server that misbehaves on cue, for fault-injection tests of every client. Each request takes
 * the next fault from a script (the last one repeats); `answer` produces the provider's canned success. It counts
 * every request it receives, so a test can prove a send was not repeated. Loopback only; stalls end when the
 * server closes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | 'ok'
  /** Destroys the socket after the request arrived, before any response byte: the request may have been processed. */
  | 'reset'
  /** Sends headers and half the body, then destroys the socket. */
  | 'reset-mid-body'
  | { status: 429; retryAfter?: string }
  | { status: 500 }
  | { status: 503; retryAfter?: string }
  /** 200 with an HTML page where JSON is expected. */
  | 'non-json'
  /** 200 with a JSON body cut short (Content-Length matches what is sent). */
  | 'truncated-json'
  /** Never answers. */
  | 'stall'
  /** A provider-specific answer, e.g. a batch accepted only in part. */
  | { respond: (request: FaultRequest) => { status: number; body: unknown; headers?: Record<string, string> } };

export interface FaultRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export interface FaultServer {
  url: string;
  requests: FaultRequest[];
  /** Sets the faults for the next requests, in order; the last repeats. */
  script(...faults: Fault[]): void;
  close(): Promise<void>;
}

export async function startFaultServer(
  answer: (request: FaultRequest) => { status: number; body: unknown; headers?: Record<string, string> },
): Promise<FaultServer> {
  let faults: Fault[] = ['ok'];
  const stalled = new Set<ServerResponse>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const request: FaultRequest = {
      method: req.method!,
      path: req.url!,
      headers: req.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    const index = fault.requests.push(request) - 1;
    const current = faults[Math.min(index, faults.length - 1)]!;
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req-${index}`, ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };

    if (current === 'ok') return void json(...tuple(answer(request)));
    if (current === 'reset') return void req.socket.destroy();
    if (current === 'stall') return void stalled.add(res);
    if (current === 'non-json') {
      res.writeHead(200, { 'content-type': 'text/html', 'request-id': `req-${index}` });
      return void res.end('<html><body>502 Bad Gateway (proxy)</body></html>');
    }
    if (current === 'truncated-json') {
      const full = JSON.stringify(answer(request).body);
      const cut = full.slice(0, Math.floor(full.length / 2));
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(cut)),
        'request-id': `req-${index}`,
      });
      return void res.end(cut);
    }
    if (current === 'reset-mid-body') {
      const full = JSON.stringify(answer(request).body);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(full)) });
      res.write(full.slice(0, Math.floor(full.length / 2)));
      return void setTimeout(() => req.socket.destroy(), 10);
    }
    if ('respond' in current) return void json(...tuple(current.respond(request)));
    const headers: Record<string, string> =
      'retryAfter' in current && current.retryAfter !== undefined ? { 'retry-after': current.retryAfter } : {};
    return void json(current.status, { code: String(current.status), message: `injected ${current.status}` }, headers);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fault: FaultServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: [],
    script(...next) {
      faults = next.length > 0 ? next : ['ok'];
    },
    close: () =>
      new Promise((resolve) => {
        for (const res of stalled) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fault;
}

function tuple(answer: {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}): [number, unknown, Record<string, string>] {
  return [answer.status, answer.body, answer.headers ?? {}];
}

/** A URL on which nothing listens: connections to it are refused. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
