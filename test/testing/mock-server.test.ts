/**
 * The mock servers answer what was sent: the send operations' success answers follow the request (one CM entry per
 * recipient, one Comapi batch entry per message, fresh ids, Webex correlation ids echoed), while Prism still
 * refuses invalid requests and serves the answers a `Prefer` header asks for. Real clients, real Prism.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CmClient } from '../../src/cm/index.ts';
import { ComapiClient } from '../../src/comapi/index.ts';
import { ApiError, SwitchboardError } from '../../src/core/errors/index.ts';
import type { FetchLike } from '../../src/core/http/transport.ts';
import { DEMO_CREDENTIALS, MockServerListenError, startMockServer, type MockServer } from '../../src/testing/index.ts';
import { WebexClient } from '../../src/webex/index.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A fetch that asks Prism for a named example or status, and keeps what it answered. */
function preferring(prefer: string): FetchLike & { answers: Response[] } {
  const answers: Response[] = [];
  const fetchImpl = async (input: Request, init?: RequestInit) => {
    const request = new Request(input, init);
    request.headers.set('Prefer', prefer);
    const response = await globalThis.fetch(request);
    answers.push(response.clone());
    return response;
  };
  return Object.assign(fetchImpl, { answers });
}

/** A fetch that fails the test if Prism found anything wrong with a request or with its own (shaped) answer. */
const strictFetch: FetchLike = async (input, init) => {
  const response = await globalThis.fetch(new Request(input, init));
  expect(response.headers.get('sl-violations')).toBeNull();
  return response;
};

let cm: MockServer;
let comapi: MockServer;
let webex: MockServer;
beforeAll(async () => {
  [cm, comapi, webex] = await Promise.all([startMockServer('cm'), startMockServer('comapi'), startMockServer('webex')]);
});
afterAll(async () => {
  await Promise.all([cm, comapi, webex].map((server) => server?.close()));
});

describe('CM mock', () => {
  it('answers a batch with one accepted entry per recipient, with its own number and reference', async () => {
    const client = new CmClient({ ...DEMO_CREDENTIALS.cm, baseUrl: cm.url, fetch: strictFetch });
    const results = await client.messages.sendBatch([
      { from: 'Acme', to: '+447911123456', body: 'One', reference: 'ref-1' },
      { from: 'Acme', to: ['+447911123457', '0044 7911 123458'], body: 'Two', reference: 'ref-2' },
      { from: 'Acme', to: '+447911123459', body: 'Three', reference: 'ref-3' },
    ]);

    expect(results.map((r) => [r.index, r.ok, r.outcome])).toEqual([
      [0, true, 'accepted'],
      [1, true, 'accepted'],
      [2, true, 'accepted'],
    ]);
    expect(results.map((r) => r.recipients.map(({ to, reference, status }) => ({ to, reference, status })))).toEqual([
      [{ to: '00447911123456', reference: 'ref-1', status: 'Accepted' }],
      [
        { to: '00447911123457', reference: 'ref-2', status: 'Accepted' },
        { to: '00447911123458', reference: 'ref-2', status: 'Accepted' },
      ],
      [{ to: '00447911123459', reference: 'ref-3', status: 'Accepted' }],
    ]);
  });

  it('keeps the shape of the spec example, with null for a missing reference', async () => {
    const response = await fetch(`${cm.url}/v1.0/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cm-producttoken': DEMO_CREDENTIALS.cm.productToken },
      body: JSON.stringify({
        messages: {
          msg: [
            {
              from: 'Acme',
              to: [{ number: '00447911123456' }, { number: '00447911123457' }],
              body: { type: 'auto', content: 'Hi' },
            },
          ],
        },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(await response.json()).toEqual({
      details: 'Created 2 message(s)',
      errorCode: 0,
      messages: ['00447911123456', '00447911123457'].map((to) => ({
        to,
        status: 'Accepted',
        reference: null,
        parts: 1,
        messageDetails: null,
        messageErrorCode: 0,
      })),
    });
  });

  it('serves an example asked for by name untouched', async () => {
    const fetchImpl = preferring('example=partlyRejected');
    const client = new CmClient({ ...DEMO_CREDENTIALS.cm, baseUrl: cm.url, fetch: fetchImpl, maxRetries: 0 });
    const result = await client.messages.send({ from: 'Acme', to: ['00447911123456', '00447911123457'], body: 'Hi' });
    expect(result.accepted.map((r) => r.to)).toEqual(['00447911123456']);
    expect(result.rejected.map((r) => [r.to, r.messageErrorCode])).toEqual([['00447911123457', 304]]);
  });

  it('still refuses a request the spec forbids, saying why in sl-violations', async () => {
    const response = await fetch(`${cm.url}/v1.0/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: { msg: [{ from: 'Acme', to: [{ number: '00447911123456' }] }] } }),
    });
    expect([400, 422]).toContain(response.status);
    expect(response.headers.get('sl-violations')).toMatch(/body/);
    // The spec's 400 answer, not a shaped success.
    expect(((await response.json()) as { errorCode?: number }).errorCode).not.toBe(0);
  });
});

describe('Comapi mock', () => {
  const client = () => new ComapiClient({ ...DEMO_CREDENTIALS.comapi, baseUrl: comapi.url, fetch: strictFetch });

  it('answers a batch with one entry per message and distinct ids', async () => {
    const results = await client().messages.sendBatch([
      { to: { phoneNumber: '+447123123123' }, body: 'One', rules: ['sms'] },
      { to: { phoneNumber: '+447234234234' }, body: 'Two', rules: ['sms'] },
      { to: { phoneNumber: '+447345345345' }, body: 'Three', rules: ['sms'] },
    ]);

    expect(results.map((r) => [r.index, r.ok, r.outcome])).toEqual([
      [0, true, 'accepted'],
      [1, true, 'accepted'],
      [2, true, 'accepted'],
    ]);
    const ids = results.map((r) => (r.ok ? r.messageId : undefined));
    expect(ids.every((id) => UUID.test(id!))).toBe(true);
    expect(new Set(ids).size).toBe(3);
  });

  it('answers each send with a fresh message id', async () => {
    const send = () => client().messages.send({ to: { phoneNumber: '+447123123123' }, body: 'Hello', rules: ['sms'] });
    const [first, second] = [await send(), await send()];
    expect(first.messageId).toMatch(UUID);
    expect(second.messageId).toMatch(UUID);
    expect(first.messageId).not.toBe(second.messageId);
    expect(first.status).toBe('processing');
  });

  it('still refuses a batch item the spec forbids', async () => {
    const response = await fetch(`${comapi.url}/apispaces/${DEMO_CREDENTIALS.comapi.apiSpaceId}/messages/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_CREDENTIALS.comapi.token}` },
      body: JSON.stringify([
        { body: 'One', to: { phoneNumber: '447123123123' }, rules: ['sms'] },
        { body: 'Two', rules: 'sms' },
      ]),
    });
    expect([400, 422]).toContain(response.status);
    expect(response.headers.get('sl-violations')).toBeTruthy();
    expect(Array.isArray(await response.json())).toBe(false);
  });
});

describe('Webex mock', () => {
  const client = (fetchImpl: FetchLike = strictFetch) =>
    new WebexClient({ ...DEMO_CREDENTIALS.webex, baseUrl: webex.url, fetch: fetchImpl, maxRetries: 0 });

  it('answers a v1 send with a fresh id and the correlation id sent', async () => {
    const sent = await client().sms.send({
      from: 'Acme',
      to: '+447911123456',
      content: 'Hello',
      correlationId: 'order-4711',
    });
    const other = await client().sms.send({ from: 'Acme', to: '+447911123456', content: 'Hello' });
    expect(sent.correlationId).toBe('order-4711');
    expect(sent.messageId).toMatch(UUID);
    expect(other.messageId).not.toBe(sent.messageId);
    expect(other.correlationId).toBeUndefined();
  });

  it('accepts a v2 batch, echoing the correlation id', async () => {
    const results = await client().sms.broadcast([{ to: '+447911123456', correlationId: 'c1' }, '+447911123457'], {
      from: 'Acme',
      content: { type: 'text', text: 'Hello' },
    });
    expect(results.map((r) => [r.index, r.ok, r.outcome])).toEqual([
      [0, true, 'accepted'],
      [1, true, 'accepted'],
    ]);
    expect(results[0]!.ok && results[0]!.messageId).toMatch(UUID);

    const response = await fetch(`${webex.url}/v2/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', key: DEMO_CREDENTIALS.webex.serviceKey },
      body: JSON.stringify({
        channel: 'sms',
        from: 'Acme',
        to: [{ msisdn: ['+447911123456'], correlationId: 'c1' }],
        content: { type: 'text', text: 'Hi' },
      }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      correlationId: 'c1',
      status: 'queued',
      messageId: expect.stringMatching(UUID),
    });
  });

  it('serves Prefer: code=429 as asked, untouched, and the client fails with that status', async () => {
    const fetchImpl = preferring('code=429');
    const error = await client(fetchImpl)
      .sms.send({ from: 'Acme', to: '+447911123456', content: 'Hello' })
      .catch((e: unknown) => e);
    expect(fetchImpl.answers.map((r) => r.status)).toEqual([429]);
    expect(await fetchImpl.answers[0]!.json()).not.toHaveProperty('messageId');
    // specs/webex.yaml's TooManyRequests answer has no example of its own, so Prism fills its body from the
    // ErrorResponse schema (`code: '7004'`), and the client classifies by that code: a BadRequestError with status
    // 429 today, a RateLimitError once the spec gives the 429 answer a 7020 example.
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, outcomeUnknown: false });
  });
});

describe('startMockServer', () => {
  it('rejects with an error naming the host and port when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const error = await startMockServer('cm', { port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MockServerListenError);
      expect(error).toBeInstanceOf(SwitchboardError);
      expect(error).toMatchObject({ code: 'EADDRINUSE', host: '127.0.0.1', port });
      expect((error as Error).message).toContain(`127.0.0.1:${port}`);
      expect((error as Error).message).toMatch(/in use/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('keeps CORS for pages that call the mocks', async () => {
    const preflight = await fetch(`${cm.url}/v1.0/message`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});

describe('startMockServer({ fail }): a provider in an outage', () => {
  it('unavailable: every request 503 with Retry-After, which a client reports as not accepted', async () => {
    const outage = await startMockServer('comapi', { fail: 'unavailable' });
    try {
      const client = new ComapiClient({ ...DEMO_CREDENTIALS.comapi, baseUrl: outage.url, maxRetries: 0 });
      const error = await client.messages
        .send({ to: { phoneNumber: '447911123456' }, body: 'Hi', rules: ['sms'] })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 503, outcomeUnknown: false, headers: { 'retry-after': '30' } });
    } finally {
      await outage.close();
    }
  });

  it('error: every request 500, which may follow an accepted send: outcome unknown', async () => {
    const outage = await startMockServer('cm', { fail: 'error' });
    try {
      const client = new CmClient({ ...DEMO_CREDENTIALS.cm, baseUrl: outage.url });
      const error = await client.messages
        .send({ from: 'Acme', to: '+447911123456', body: 'Hi' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 500, outcomeUnknown: true });
    } finally {
      await outage.close();
    }
  });

  it('refuses a failure it does not know', async () => {
    await expect(startMockServer('cm', { fail: 'slow' as never })).rejects.toThrow(
      /fail: must be one of unavailable, error/,
    );
  });
});
