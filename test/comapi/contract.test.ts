/**
 * ComapiClient against Prism serving specs/comapi.yaml: every facade operation, with Prism's
 * `sl-violations` asserted empty after each test so a request the spec forbids fails the test.
 */
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { zSendMessageBatchBody, zSendMessageBody } from '../../generated/comapi/zod/zod.gen.ts';
import { AuthenticationError, ComapiClient } from '../../src/comapi/index.ts';
import { API_SPACE, COMAPI_TOKEN, recordingFetch } from '../helpers.ts';

const baseUrl = inject('mockUrls').comapi!;
const messagesUrl = `${baseUrl}/apispaces/${API_SPACE}/messages`;

describe('ComapiClient against the Comapi mock', () => {
  let fetch: ReturnType<typeof recordingFetch>;
  let comapi: ComapiClient;
  beforeEach(() => {
    fetch = recordingFetch();
    comapi = new ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, baseUrl, fetch });
  });
  afterEach(() => {
    fetch.assertNoViolations();
  });

  it('sends a message with the bearer token and the phone number in the documented form', async () => {
    const message = await comapi.messages.send({
      to: { phoneNumber: '+44 7123 123123' },
      body: 'Your order is ready for pickup.',
      rules: ['sms'],
      channelOptions: { sms: { from: 'Acme', allowUnicode: true } },
      metadata: { order: 4711 },
    });

    // The mock answers with the spec's example and a fresh id (it shapes send answers by the request).
    expect(message).toMatchObject({
      messageId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      status: 'processing',
    });
    const [exchange] = fetch.exchanges;
    expect(exchange).toMatchObject({ method: 'POST', url: messagesUrl, status: 201 });
    expect(exchange!.headers.authorization).toBe(`Bearer ${COMAPI_TOKEN}`);
    expect((exchange!.body as any).to).toEqual({ phoneNumber: '447123123123' });
    expect(zSendMessageBody.safeParse(exchange!.body).success).toBe(true);
  });

  it('sends a batch and maps the ids back by index', async () => {
    const results = await comapi.messages.sendBatch([
      { to: { phoneNumber: '447123123123' }, body: 'This is message 1', rules: ['fbMessenger', 'sms'] },
      { to: { phoneNumber: '447234234234' }, body: 'This is message 2', rules: ['fbMessenger', 'sms'] },
    ]);

    expect(results).toEqual([
      {
        index: 0,
        ok: true,
        outcome: 'accepted',
        messageId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      },
      {
        index: 1,
        ok: true,
        outcome: 'accepted',
        messageId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      },
    ]);
    expect(new Set(results.map((result) => result.ok && result.messageId)).size).toBe(2);
    expect(fetch.exchanges[0]).toMatchObject({ url: `${messagesUrl}/batch`, status: 202 });
    expect(zSendMessageBatchBody.safeParse(fetch.exchanges[0]!.body).success).toBe(true);
  });

  it('gets a message with its per-channel status', async () => {
    const message = await comapi.messages.get('287d32c0-170e-4a80-bfc3-48f376d17682');
    expect(message.messageId).toBeTypeOf('string');
    expect(fetch.exchanges[0]).toMatchObject({
      method: 'GET',
      url: `${messagesUrl}/287d32c0-170e-4a80-bfc3-48f376d17682`,
      status: 200,
    });
  });

  it('deletes and redacts a message', async () => {
    await expect(comapi.messages.delete('287d32c0')).resolves.toBeUndefined();
    await expect(comapi.messages.redact('287d32c0', { source: 'chat' })).resolves.toBeUndefined();
    expect(fetch.exchanges.map((e) => [e.method, e.status, e.body])).toEqual([
      ['DELETE', 204, undefined],
      ['PATCH', 202, { redact: true, redactSource: 'chat' }],
    ]);
  });

  it('records a status for an outbound message', async () => {
    await comapi.messages.statuses.create('287d32c0', 'delivered', {
      channel: 'custom_email',
      timestamp: '2024-05-14T10:31:02.000Z',
    });
    expect(fetch.exchanges[0]).toMatchObject({ url: `${messagesUrl}/287d32c0/statuses/delivered`, status: 200 });
  });

  it('posts an inbound message and a status for it', async () => {
    const inbound = await comapi.messages.inbound.create({
      channel: 'custom_email',
      from: { email: 'customer@example.com' },
      body: 'Yes please, deliver on Friday.',
      correlation: { messageId: '287d32c0-170e-4a80-bfc3-48f376d17682' },
    });
    expect(inbound.channel).toBeTypeOf('string');
    await comapi.messages.inbound.statuses.create('in-1', 'read', { timestamp: '2024-05-14T10:35:00.000Z' });
    expect(fetch.exchanges.map((e) => [e.url, e.status])).toEqual([
      [`${messagesUrl}/inbounds`, 201],
      [`${messagesUrl}/inbounds/in-1/statuses/read`, 200],
    ]);
  });

  it("lists a profile's message history with its filters", async () => {
    const history = await comapi.messages.history('customer-4711', {
      channelId: 'sms',
      direction: 'outbound',
      from: new Date('2024-05-01T00:00:00Z'),
      limit: 20,
    });
    expect(Array.isArray(history)).toBe(true);
    const url = new URL(fetch.exchanges[0]!.url);
    expect(url.pathname).toBe(`/apispaces/${API_SPACE}/profiles/customer-4711/messages`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      channelId: 'sms',
      direction: 'outbound',
      from: '2024-05-01T00:00:00.000Z',
      limit: '20',
    });
  });

  it('reaches any operation through .raw', async () => {
    const { response } = await comapi.raw.GET('/apispaces/{apiSpaceId}/messages/{messageId}', {
      params: { path: { apiSpaceId: API_SPACE, messageId: 'm1' } },
    });
    expect(response.status).toBe(200);
    expect(fetch.exchanges[0]!.headers.authorization).toBe(`Bearer ${COMAPI_TOKEN}`);
  });
});

describe('the Comapi mock', () => {
  const post = (
    path: string,
    body: unknown,
    headers: Record<string, string> = { authorization: `Bearer ${COMAPI_TOKEN}` },
  ) =>
    globalThis.fetch(`${messagesUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it("accepts the vendor page's single request", async () => {
    const response = await post('', {
      body: 'Sending messages is easy!',
      to: { phoneNumber: '447123123123' },
      rules: ['sms'],
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('sl-violations')).toBeNull();
  });

  it("accepts the vendor page's batch request", async () => {
    const response = await post('/batch', [
      {
        body: 'This is message 1',
        to: { profileId: 'joe.blogs@example.com', phoneNumber: '447123123123' },
        rules: ['fbMessenger', 'sms'],
      },
      {
        body: 'This is message 2',
        to: { profileId: 'joe.blogs@example.com', phoneNumber: '447234234234' },
        rules: ['fbMessenger', 'sms'],
      },
    ]);
    expect(response.status).toBe(202);
    expect(response.headers.get('sl-violations')).toBeNull();
  });

  it('refuses a request without a token', async () => {
    const response = await post('', { body: 'x', to: { phoneNumber: '447123123123' }, rules: ['sms'] }, {});
    expect(response.status).toBe(401);
  });

  it.each([
    ['neither rules nor ruleSet', { body: 'x', to: { phoneNumber: '447123123123' } }],
    [
      'both rules and ruleSet',
      { body: 'x', to: { phoneNumber: '447123123123' }, rules: ['sms'], ruleSet: 'Facebook-First' },
    ],
    ['both body and templateId', { body: 'x', templateId: 't1', to: { phoneNumber: '447123123123' }, rules: ['sms'] }],
    [
      'an SMS sender of 2 characters',
      { body: 'x', to: { phoneNumber: '447123123123' }, rules: ['sms'], channelOptions: { sms: { from: 'AB' } } },
    ],
    ['a misspelt field', { body: 'x', to: { phoneNumber: '447123123123' }, rule: ['sms'] }],
  ])('refuses %s', async (_name, body) => {
    const response = await post('', body);
    expect(response.status).toBe(400);
    expect(response.headers.get('sl-violations')).not.toBeNull();
  });

  it('answers a client whose token it refuses with a typed AuthenticationError', async () => {
    // Prism checks only presence; a 401 from it stands in for Comapi refusing a token.
    const noAuth = (request: Request) => {
      const stripped = new Request(request);
      stripped.headers.delete('authorization');
      return globalThis.fetch(stripped);
    };
    const comapi = new ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, baseUrl, fetch: noAuth });
    const error = await comapi.messages
      .send({ to: { phoneNumber: '447123123123' }, body: 'x', rules: ['sms'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify(error)).not.toContain(COMAPI_TOKEN);
  });
});
