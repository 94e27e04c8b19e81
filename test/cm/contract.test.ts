/**
 * CmClient against Prism serving specs/cm.yaml. Prism refuses any request the spec forbids and reports
 * why in `sl-violations`; every test ends by asserting there were none.
 */
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { zSendMessagesRequest } from '../../generated/cm/zod/zod.gen.ts';
import { AuthenticationError, CmClient } from '../../src/cm/index.ts';
import { preferring, recordingFetch, TOKEN } from '../helpers.ts';

const baseUrl = inject('mockUrls').cm!;

describe('CmClient against the CM mock', () => {
  let fetch: ReturnType<typeof recordingFetch>;
  beforeEach(() => {
    fetch = recordingFetch();
  });
  afterEach(() => {
    fetch.assertNoViolations();
  });

  it('sends a text with the token in the X-CM-PRODUCTTOKEN header and resolves with the accepted recipient', async () => {
    const cm = new CmClient({ productToken: TOKEN, baseUrl, fetch });
    const result = await cm.messages.send({
      from: 'Sender',
      to: '+447911123456',
      body: 'My first CM.com message',
      reference: 'my_reference_123',
    });

    expect(result.accepted).toHaveLength(1);
    expect(result.rejected).toHaveLength(0);
    expect(result.recipients[0]).toMatchObject({ to: '00447911123456', status: 'Accepted', parts: 1 });
    const [exchange] = fetch.exchanges;
    expect(exchange!.headers['x-cm-producttoken']).toBe(TOKEN);
    expect(exchange!.body).toEqual({
      messages: {
        msg: [
          {
            from: 'Sender',
            to: [{ number: '00447911123456' }],
            body: { type: 'auto', content: 'My first CM.com message' },
            reference: 'my_reference_123',
          },
        ],
      },
    });
    expect(zSendMessagesRequest.safeParse(exchange!.body).success).toBe(true);
  });

  it("puts the token in the body with tokenIn: 'body' and sends no header", async () => {
    const cm = new CmClient({ productToken: TOKEN, baseUrl, fetch, tokenIn: 'body' });
    await cm.messages.send({ from: 'Sender', to: '0044 7911 123456', body: 'Hi' });

    const [exchange] = fetch.exchanges;
    expect(exchange!.headers['x-cm-producttoken']).toBeUndefined();
    expect((exchange!.body as any).messages.authentication).toEqual({ productToken: TOKEN });
  });

  it('sends every optional field of a msg in a form the spec accepts', async () => {
    const cm = new CmClient({ productToken: TOKEN, baseUrl, fetch });
    await cm.messages.send({
      from: 'Acme',
      to: '+447911123456',
      body: { type: 'AUTO', content: 'Κείμενο διαθέσιμο σε όλες τις γλώσσες' },
      reference: 'order_42',
      allowedChannels: ['WhatsApp', 'SMS'],
      minimumNumberOfMessageParts: 1,
      maximumNumberOfMessageParts: 8,
      dcs: 8,
      customGrouping: 'campaign-a',
      customGrouping2: 'b',
      customGrouping3: 'switchboard',
      validity: '2h',
      appKey: '6c2f9a1e-3b7d-4f6a-9a0e-1f2b3c4d5e6f',
      richContent: {
        conversation: [{ text: 'Your order shipped' }],
      },
    });
    expect(fetch.exchanges).toHaveLength(1);
  });

  it('splits 1001 recipients into two msg objects in one request', async () => {
    const cm = new CmClient({ productToken: TOKEN, baseUrl, fetch });
    const to = Array.from({ length: 1001 }, (_, i) => `0044791100${String(i).padStart(4, '0')}`);
    // The mock answers one entry per recipient, in order, as the gateway does.
    const result = await cm.messages.send({ from: 'Acme', to, body: 'Hello' });
    expect(result.accepted.map((entry) => entry.to)).toEqual(to);

    const msgs = (fetch.exchanges[0]!.body as any).messages.msg;
    expect(msgs.map((msg: any) => msg.to.length)).toEqual([1000, 1]);
  });

  it('resolves a partly rejected request (errorCode 201 on HTTP 200) listing both outcomes', async () => {
    const cm = new CmClient({
      productToken: TOKEN,
      baseUrl,
      fetch: preferring(fetch, 'code=200, example=partlyRejected'),
    });
    const result = await cm.messages.send({ from: 'Acme', to: ['00447911123456', '00447911123457'], body: 'Hi' });

    expect(result.accepted.map((r) => r.to)).toEqual(['00447911123456']);
    expect(result.rejected).toEqual([
      expect.objectContaining({
        to: '00447911123457',
        messageErrorCode: 304,
        messageDetails: 'A body without content was found',
      }),
    ]);
  });

  it('resolves when every message was rejected (errorCode 201 on HTTP 400)', async () => {
    const cm = new CmClient({
      productToken: TOKEN,
      baseUrl,
      fetch: preferring(fetch, 'code=400, example=allRejected'),
    });
    const result = await cm.messages.send({ from: 'Acme', to: '00447911123456', body: 'Hi' });

    expect(result.accepted).toEqual([]);
    expect(result.rejected[0]).toMatchObject({ status: 'Rejected', messageErrorCode: 303 });
  });

  it('rejects an unknown product token (errorCode 101 on HTTP 400) with AuthenticationError and never shows the token', async () => {
    const cm = new CmClient({
      productToken: TOKEN,
      baseUrl,
      fetch: preferring(fetch, 'code=400, example=unknownToken'),
    });
    const error = await cm.messages.send({ from: 'Acme', to: '00447911123456', body: 'Hi' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 400, code: 101 });
    expect((error as Error).message).toContain('No account found');
    for (const rendering of [
      (error as Error).message,
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      String((error as Error).stack),
    ]) {
      expect(rendering).not.toContain(TOKEN);
    }
  });

  it('reaches the spec through .raw for anything the facade does not wrap', async () => {
    const cm = new CmClient({ productToken: TOKEN, baseUrl, fetch });
    const { data, response } = await cm.raw.POST('/v1.0/message', {
      body: { messages: { msg: [{ from: 'Sender', to: [{ number: '00447911123456' }], body: { content: 'raw' } }] } },
    });
    expect(response.status).toBe(200);
    expect(data?.errorCode).toBe(0);
    expect(fetch.exchanges[0]!.headers['x-cm-producttoken']).toBe(TOKEN);
  });
});

describe('the CM mock refuses what the real gateway refuses', () => {
  async function post(body: unknown) {
    return globalThis.fetch(`${baseUrl}/v1.0/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-CM-PRODUCTTOKEN': TOKEN },
      body: JSON.stringify(body),
    });
  }
  const msg = { from: 'Sender', to: [{ number: '00447911123456' }], body: { type: 'auto', content: 'Hi' } };

  it.each([
    // Refused by the Msg schema's `not` (an empty text is allowed only beside rich content): Prism names the msg.
    ['an empty body', { ...msg, body: { type: 'auto', content: '' } }, 'messages.msg.0 must NOT be valid'],
    ['a non-numeric recipient', { ...msg, to: [{ number: '0044791112345a' }] }, 'number'],
    ['a missing sender', { to: msg.to, body: msg.body }, 'from'],
    ['a misspelt field', { ...msg, refernce: 'x' }, 'refernce'],
    [
      '1001 recipients in one msg',
      { ...msg, to: Array.from({ length: 1001 }, () => ({ number: '00447911123456' })) },
      'to',
    ],
  ])('%s', async (_name, badMsg, field) => {
    const response = await post({ messages: { msg: [badMsg] } });
    expect(response.status).toBe(400);
    expect(response.headers.get('sl-violations')).toContain(field);
  });

  it('accepts the lower-case producttoken that CM’s PHP, Python and .NET SDKs send', async () => {
    const response = await globalThis.fetch(`${baseUrl}/v1.0/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: { authentication: { producttoken: TOKEN }, msg: [msg] } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('sl-violations')).toBeNull();
  });
});

describe('a request the mock refuses', () => {
  it("carries the mock's reasons in the error message", async () => {
    // A transport that breaks the body after the client validated it, as a buggy client would.
    const breaking = async (request: Request) => {
      const body = JSON.parse(await request.text());
      body.messages.msg[0].to[0].number = 'not-a-number';
      return globalThis.fetch(
        new Request(request.url, { method: 'POST', headers: request.headers, body: JSON.stringify(body) }),
      );
    };
    const cm = new CmClient({ productToken: TOKEN, baseUrl, fetch: breaking });
    const error = await cm.messages
      .send({ from: 'Acme', to: ['+447911123456', '+447911123457'], body: 'x' })
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain(
      'the mock server refused the request: Request body property messages.msg.0.to.0.number must match pattern',
    );
  });
});
