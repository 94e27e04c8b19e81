/**
 * A loopback stand-in for CM's gateway that answers like the real one does per recipient (Prism can only
 * replay the spec's fixed examples): one entry per recipient, `Rejected` with 303 for a non-numeric number
 * and 304 for an empty body, errorCode 201 and HTTP 400 when nothing was accepted. `respond` overrides
 * the answer for fault tests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  headers: IncomingMessage['headers'];
  body: any;
}

export interface FakeGateway {
  url: string;
  requests: FakeRequest[];
  /** Replace the answer: return `undefined` to fall back to the realistic one. */
  respond?: (
    request: FakeRequest,
    index: number,
  ) => { status: number; body: unknown; headers?: Record<string, string> } | undefined;
  close(): Promise<void>;
}

export async function startFakeGateway(): Promise<FakeGateway> {
  const gateway: FakeGateway = {
    url: '',
    requests: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = { headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
    gateway.requests.push(request);
    const answer = gateway.respond?.(request, gateway.requests.length - 1) ?? realisticAnswer(request.body);
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return gateway;
}

function realisticAnswer(body: any): { status: number; body: unknown; headers?: Record<string, string> } {
  const messages = body.messages.msg.flatMap((msg: any) =>
    msg.to.map((recipient: { number: string }) => {
      const reason = !/^\d+$/.test(recipient.number)
        ? { code: 303, text: `Gsm '${recipient.number}' is not a number.` }
        : !msg.body?.content
          ? { code: 304, text: 'A body without content was found' }
          : undefined;
      return {
        to: recipient.number,
        status: reason ? 'Rejected' : 'Accepted',
        reference: msg.reference ?? null,
        parts: reason ? 0 : 1,
        messageDetails: reason?.text ?? null,
        messageErrorCode: reason?.code ?? 0,
      };
    }),
  );
  const accepted = messages.filter((m: any) => m.status === 'Accepted').length;
  return {
    status: accepted > 0 ? 200 : 400,
    body: {
      details: `Created ${accepted} message(s)`,
      errorCode: accepted === messages.length ? 0 : 201,
      messages,
    },
  };
}
