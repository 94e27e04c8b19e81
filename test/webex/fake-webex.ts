/** A loopback stand-in for Webex's v2 endpoint: 201 with a message id per request (Prism replays one example). */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWebexRequest {
  headers: IncomingMessage['headers'];
  body: any;
}

export interface FakeWebex {
  url: string;
  requests: FakeWebexRequest[];
  respond?: (request: FakeWebexRequest, index: number) => { status: number; body?: unknown } | undefined;
  close(): Promise<void>;
}

export async function startFakeWebex(): Promise<FakeWebex> {
  const fake: FakeWebex = {
    url: '',
    requests: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = { headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
    fake.requests.push(request);
    const index = fake.requests.length - 1;
    const answer = fake.respond?.(request, index) ?? {
      status: 201,
      body: {
        requestTimestamp: '2024-09-05T00:03:01.708-04:00',
        messageId: `request-${index}`,
        correlationId: '',
        status: 'queued',
      },
    };
    res.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': `rid-${index}` });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
