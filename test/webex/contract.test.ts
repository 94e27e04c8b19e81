/** WebexClient against Prism serving specs/webex.yaml; any sl-violations fails the test. */
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { AuthenticationError, BadRequestError, NotFoundError, WebexClient } from '../../src/webex/index.ts';
import { preferring, recordingFetch } from '../helpers.ts';

const baseUrl = inject('mockUrls').webex!;
const SERVICE_KEY = 'svc-key-0123456789abcdef';

describe('WebexClient against the Webex mock', () => {
  let fetch: ReturnType<typeof recordingFetch>;
  beforeEach(() => {
    fetch = recordingFetch();
  });
  afterEach(() => {
    fetch.assertNoViolations();
  });

  it('sends an SMS with the service key header and a fresh Idempotency-Key, and returns the request id', async () => {
    const webex = new WebexClient({ baseUrl, serviceKey: SERVICE_KEY, fetch });
    const sent = await webex.sms.send({
      from: '12233445566',
      to: '+1 647 555 0100',
      content: 'Hello $(name)',
      contentType: 'text',
      substitutions: { name: 'Ann' },
      correlationId: 'order-4711',
      callbackUrl: 'https://example.com/webex/callbacks',
      callbackData: 'order-4711',
      expireAt: '2030-01-01T00:00:00.000Z',
    });

    expect(sent.messageId).toBeTypeOf('string');
    expect(sent.requestId).toBeTypeOf('string');
    expect(sent.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    const [exchange] = fetch.exchanges;
    expect(exchange).toMatchObject({ method: 'POST', status: 202 });
    expect(exchange!.headers.key).toBe(SERVICE_KEY);
    expect(exchange!.headers['idempotency-key']).toBe(sent.idempotencyKey);
    expect((exchange!.body as any).to).toBe('+16475550100');
  });

  it("reuses the caller's idempotency key, so a retried send cannot deliver twice", async () => {
    const webex = new WebexClient({ baseUrl, serviceKey: SERVICE_KEY, fetch });
    await webex.sms.send({ from: 'Acme', to: '+447911123456', content: 'x' }, { idempotencyKey: 'order-4711-sms' });
    await webex.sms.send({ from: 'Acme', to: '+447911123456', content: 'x' }, { idempotencyKey: 'order-4711-sms' });
    expect(fetch.exchanges.map((e) => e.headers['idempotency-key'])).toEqual(['order-4711-sms', 'order-4711-sms']);
  });

  it('authenticates with a JWT as Authorization: Bearer', async () => {
    const webex = new WebexClient({ baseUrl, jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJzIn0.sig', fetch });
    await webex.sms.send({ from: 'Acme', to: '+447911123456', content: 'x' });
    expect(fetch.exchanges[0]!.headers.authorization).toBe('Bearer eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJzIn0.sig');
    expect(fetch.exchanges[0]!.headers.key).toBeUndefined();
  });

  it('gets a message status', async () => {
    const webex = new WebexClient({ baseUrl, serviceKey: SERVICE_KEY, fetch });
    const status = await webex.sms.get('acc27bb5-1234-4b2a-9e23-1a6036fcced5');
    expect(['QUEUED', 'SENT', 'DELIVERED', 'FAILED']).toContain(status.status);
  });

  it('sends a v2 batch', async () => {
    const webex = new WebexClient({ baseUrl, serviceKey: SERVICE_KEY, fetch });
    const results = await webex.sms.broadcast(['+447911123456', { to: '+447911123457', correlationId: 'c2' }], {
      from: 'Acme',
      content: { type: 'text', text: 'Hello' },
      callbackData: 'batch-1',
      notifyUrl: 'https://example.com/webex/callbacks',
      requestedReceipts: ['DELIVERED', 'FAILED'],
    });
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(fetch.exchanges[0]).toMatchObject({ method: 'POST', status: 201 });
  });

  it('maps 7001 to AuthenticationError and keeps the key out of the error', async () => {
    const webex = new WebexClient({ baseUrl, serviceKey: SERVICE_KEY, fetch: preferring(fetch, 'code=403') });
    const error = await webex.sms.send({ from: 'Acme', to: '+447911123456', content: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 403, code: '7001' });
    for (const rendering of [(error as Error).message, JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(rendering).not.toContain(SERVICE_KEY);
    }
  });

  it('maps a 400 to BadRequestError with the Webex code and the Request-Id', async () => {
    const webex = new WebexClient({ baseUrl, serviceKey: SERVICE_KEY, fetch: preferring(fetch, 'code=400') });
    const error = await webex.sms.send({ from: 'Acme', to: '+447911123456', content: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).code).toMatch(/^7\d{3}$/);
    expect((error as BadRequestError).requestId).toBeTypeOf('string');
  });

  it('maps the body-less 404 of an unknown message to NotFoundError', async () => {
    const webex = new WebexClient({ baseUrl, serviceKey: SERVICE_KEY, fetch: preferring(fetch, 'code=404') });
    await expect(webex.sms.get('unknown')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('the Webex mock', () => {
  const post = (path: string, body: unknown, headers: Record<string, string> = { key: SERVICE_KEY }) =>
    globalThis.fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  // The vendor page's second sample, valid JSON as printed (its "+1647XXXXXXX" placeholder made a real number).
  const vendorSample = {
    from: '12233XXXXXX',
    to: '+16475550100',
    content: 'SMS API v1 ',
    contentType: 'text',
    substitutions: { name: 'AVC', env: 'XXX', key3: 'string', key4: 'String' },
    correlationId: 'Piority 1',
    dltTemplateId: '2kRCRhhxOmT28jMn',
    callbackUrl: 'https://abc.com',
    callbackData: 'SMS API v1',
    shortenUrls: true,
    shortUrlDomain: 'https://abc.com',
    trackShortUrlClicks: true,
    expireAt: '2023-03-20T14:24:33.000Z',
  };

  it.each([
    ['the service key header', { key: SERVICE_KEY }],
    ['a bearer JWT', { authorization: 'Bearer a.b.c' }],
  ])("accepts the vendor page's sample with %s", async (_name, headers) => {
    const response = await post('/v1/sms/messages', vendorSample, headers);
    expect(response.status).toBe(202);
    expect(response.headers.get('sl-violations')).toBeNull();
  });

  it('refuses a request without credentials', async () => {
    expect((await post('/v1/sms/messages', vendorSample, {})).status).toBe(401);
  });

  it.each([
    ['a misspelt field', { ...vendorSample, callbackURL: 'https://abc.com' }],
    ['content of 4001 characters', { ...vendorSample, content: 'x'.repeat(4001) }],
    ['callbackData of 2001 characters', { ...vendorSample, callbackData: 'x'.repeat(2001) }],
    ['a to in national form (a leading 0)', { ...vendorSample, to: '06475550100' }],
  ])('refuses %s', async (_name, body) => {
    const response = await post('/v1/sms/messages', body);
    expect(response.status).toBe(400);
    expect(response.headers.get('sl-violations')).not.toBeNull();
  });

  it('refuses a v2 request over 1000 destinations, and one with both content and template', async () => {
    const to = Array.from({ length: 1001 }, () => ({ msisdn: ['+447911123456'] }));
    expect(
      (await post('/v2/messages', { channel: 'sms', from: 'Acme', to, content: { type: 'text', text: 'x' } })).status,
    ).toBe(400);
    const both = {
      channel: 'sms',
      from: 'Acme',
      to: to.slice(0, 1),
      content: { type: 'text', text: 'x' },
      template: { id: 't1' },
    };
    expect((await post('/v2/messages', both)).status).toBe(400);
  });
});
