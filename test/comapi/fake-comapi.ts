/**
 * A loopback stand-in for Comapi's batch endpoint: answers 202 with an id for every item, by index, as the
 * real API does (Prism replays the spec's fixed two-item example). `respond` overrides an answer.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeBatchRequest {
  headers: IncomingMessage['headers'];
  bytes: number;
  body: any[];
}

export interface FakeComapi {
  url: string;
  requests: FakeBatchRequest[];
  respond?: (request: FakeBatchRequest, index: number) => { status: number; body: unknown } | undefined;
  close(): Promise<void>;
}

export async function startFakeComapi(): Promise<FakeComapi> {
  let sent = 0;
  const fake: FakeComapi = {
    url: '',
    requests: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const request = { headers: req.headers, bytes: raw.length, body: JSON.parse(raw.toString('utf8')) };
    fake.requests.push(request);
    const answer = fake.respond?.(request, fake.requests.length - 1) ?? {
      status: 202,
      body: request.body.map((_: unknown, index: number) => ({ index, messageId: `msg-${sent++}` })),
    };
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
