/**
 * createWebhookHandler against each provider's real payloads (the fidelity corpus and the specs' examples), sent as
 * the providers send them by switchboard/testing's request builders: accepted when signed, refused when forged
 * (401, onEvent never called), 400 when malformed, 500 when onEvent throws, one stable id per event.
 */
import path from 'node:path';
import { inspect } from 'node:util';
import { build } from 'esbuild';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createWebhookHandler, type WebhookEvent } from '../../src/index.ts';
import { cmWebhookRequest, comapiWebhookRequest, webexWebhookRequest } from '../../src/testing/index.ts';
import { ValidationError } from '../../src/webhooks/index.ts';
import { fidelityCase, specExample } from './sources.ts';

const COMAPI_SECRET = 'comapi-secret-5fe9-4f57';
const WEBEX_SECRET = 'webex-hub-secret-9d8f';
const CM_TOKEN = 'cm-token-62b3ac0b4a13';
const SECRETS = [COMAPI_SECRET, WEBEX_SECRET, CM_TOKEN];

function setUp(onEvent: (event: WebhookEvent) => void | Promise<void> = () => {}) {
  const events: WebhookEvent[] = [];
  const errors: Array<{ error: unknown; status: number }> = [];
  const handler = createWebhookHandler({
    cm: { token: CM_TOKEN },
    comapi: { secret: COMAPI_SECRET },
    webex: { secret: WEBEX_SECRET },
    onEvent: async (event) => {
      events.push(event);
      await onEvent(event);
    },
    onError: (error, { status }) => errors.push({ error, status }),
  });
  return { handler, events, errors };
}

/** The answer's status and text, checked to carry no secret. */
async function send(handler: (request: Request) => Promise<Response>, request: Request | Promise<Request>) {
  const response = await handler(await request);
  const text = await response.text();
  for (const secret of SECRETS) expect(text).not.toContain(secret);
  return { status: response.status, text, headers: response.headers };
}

const cmStatusReports = [
  specExample('cm', 'statusReport', 'delivered'),
  specExample('cm', 'statusReport', 'failed'),
  fidelityCase('cm', 'cm-docs-status-report-template', 'cm-docs JSON status report template'),
];
const webexReceipts = [
  fidelityCase('webex', 'vendor-sandbox-callback-message-event', 'sandbox-message-event-delivered'),
  fidelityCase('webex', 'vendor-sms-outbound-webhooks-6.20', 'wh-620-submitted'),
  fidelityCase('webex', 'vendor-sms-outbound-webhooks-6.20', 'wh-620-clicked'),
  fidelityCase('webex', 'vendor-legacy-imiconnect-docs-notifications', 'legacy-dr-delivered'),
  fidelityCase('webex', 'vendor-sms-webhooks-imiconnect-revision', 'sms-1-imiconnect-failed-7101'),
  specExample('webex', 'deliveryCallback', 'undelivered'),
  specExample('webex', 'deliveryCallback', 'messageEventFailed'),
];
const comapiSent = () => fidelityCase('comapi', 'dotdigital-docs-message-and-facebook-events', 'message-sent-sms');

describe("createWebhookHandler accepts the providers' real payloads", () => {
  it.each(cmStatusReports.map((body, i) => [i, body]))('CM status report %i, with its token', async (_, body) => {
    const { handler, events } = setUp();
    expect((await send(handler, cmWebhookRequest(body, { token: CM_TOKEN }))).status).toBe(200);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'status', provider: 'cm' });
  });

  it("CM inbound messages (CM's Postman collection) and an incoming event", async () => {
    const { handler, events } = setUp();
    for (const name of ['postman MO text (WhatsApp)', 'postman MO media item', 'postman MO location (numbers)']) {
      const body = fidelityCase('cm', 'postman-collection', name);
      expect((await send(handler, cmWebhookRequest(body, { token: CM_TOKEN }))).status).toBe(200);
    }
    const incoming = {
      from: { number: '17841400000000' },
      to: { number: '17841400000001' },
      event: 'StoryMention',
      timeUtc: '2024-01-01T12:00:00',
      channel: 'Instagram',
    };
    expect((await send(handler, cmWebhookRequest(incoming, { token: CM_TOKEN }))).status).toBe(200);
    expect(events.map((event) => event.type)).toEqual(['inbound', 'inbound', 'inbound', 'other']);
    expect(events[0]).toMatchObject({
      provider: 'cm',
      eventId: '2f2d42ac-3809-40fb-bce5-dc720e400000',
      from: '+316012345678',
      to: '3669',
      text: 'This is an example message',
      channel: 'WhatsApp',
    });
    expect(events[3]).toMatchObject({ name: 'StoryMention', provider: 'cm' });
  });

  it('Comapi events, one and batched, signed with X-Comapi-Signature', async () => {
    const { handler, events } = setUp();
    expect((await send(handler, comapiWebhookRequest(comapiSent(), { secret: COMAPI_SECRET }))).status).toBe(200);
    const profiles = ['profile-create-facebook', 'profile-update', 'profile-delete', 'profile-undelete'].map((name) =>
      fidelityCase('comapi', 'dotdigital-docs-profile-events', name),
    );
    expect((await send(handler, comapiWebhookRequest(profiles, { secret: COMAPI_SECRET }))).status).toBe(200);
    expect(events.map((event) => event.type)).toEqual(['status', 'other', 'other', 'other', 'other']);
    expect(events[0]).toMatchObject({ status: 'sent', eventId: '0dceaf0d-93ea-4314-a6f8-b0cffe69799a' });
  });

  it('Webex receipts in both formats and inbound SMS, signed with x-hub-signature', async () => {
    const { handler, events } = setUp();
    const inbound = [
      fidelityCase('webex', 'vendor-sms-outbound-webhooks-6.20', 'wh-620-incoming-sms'),
      fidelityCase('webex', 'vendor-legacy-imiconnect-docs-notifications', 'legacy-mo-sms'),
    ];
    for (const body of [...webexReceipts, ...inbound]) {
      expect((await send(handler, webexWebhookRequest(body, { secret: WEBEX_SECRET }))).status).toBe(200);
    }
    expect(events.map((event) => (event.type === 'status' ? event.status : event.type))).toEqual([
      'delivered',
      'sent',
      'other',
      'delivered',
      'failed',
      'failed',
      'failed',
      'inbound',
      'inbound',
    ]);
    expect(events[7]).toMatchObject({ from: 'XXXXXXXXXX', to: '56263', text: 'Incoming Text Message' });
    expect(events[8]).toMatchObject({ from: '441157070619', channel: 'SMS' });
  });

  it('routes by payload when the path names no provider (one URL for all)', async () => {
    const { handler, events } = setUp();
    const url = 'https://example.com/hooks';
    await send(handler, cmWebhookRequest(cmStatusReports[0], { token: CM_TOKEN, url }));
    await send(handler, comapiWebhookRequest([comapiSent()], { secret: COMAPI_SECRET, url }));
    await send(handler, webexWebhookRequest(webexReceipts[0], { secret: WEBEX_SECRET, url }));
    expect(events.map((event) => event.provider)).toEqual(['cm', 'comapi', 'webex']);
  });

  it('answers HEAD with 200 (Webex checks a webhook URL so) and other methods with 405', async () => {
    const { handler } = setUp();
    expect((await send(handler, new Request('http://localhost/webex', { method: 'HEAD' }))).status).toBe(200);
    const refused = await send(handler, new Request('http://localhost/webex'));
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toBe('POST, HEAD');
  });
});

describe('createWebhookHandler refuses what is not provably from the provider', () => {
  it.each([
    ['Comapi, wrong secret', () => comapiWebhookRequest(comapiSent(), { secret: 'guess' })],
    [
      'Comapi, no signature',
      async () => {
        const signed = await comapiWebhookRequest(comapiSent(), { secret: COMAPI_SECRET });
        const headers = new Headers(signed.headers);
        headers.delete('x-comapi-signature');
        return new Request(signed.url, { method: 'POST', headers, body: await signed.text() });
      },
    ],
    [
      'Comapi, body changed after signing',
      async () => {
        const signed = await comapiWebhookRequest(comapiSent(), { secret: COMAPI_SECRET });
        const body = (await signed.text()).replace('message.sent', 'message.read');
        return new Request(signed.url, { method: 'POST', headers: signed.headers, body });
      },
    ],
    [
      'Comapi payload on a shared URL, unsigned',
      () => cmWebhookRequest(comapiSent(), { url: 'http://localhost/hooks' }),
    ],
    ['Webex, wrong secret', () => webexWebhookRequest(webexReceipts[0], { secret: 'guess' })],
    [
      'Webex, signature of another body',
      async () => {
        const signed = await webexWebhookRequest(webexReceipts[0], { secret: WEBEX_SECRET });
        return new Request(signed.url, {
          method: 'POST',
          headers: signed.headers,
          body: JSON.stringify(webexReceipts[1]),
        });
      },
    ],
    ['CM, no token', () => cmWebhookRequest(cmStatusReports[0])],
    ['CM, wrong token', () => cmWebhookRequest(cmStatusReports[0], { token: `${CM_TOKEN}x` })],
    ['CM, token prefix', () => cmWebhookRequest(cmStatusReports[0], { token: CM_TOKEN.slice(0, -1) })],
    ['CM payload on a shared URL, no token', () => cmWebhookRequest(cmStatusReports[0], { url: 'http://localhost/h' })],
  ])('%s: 401, onEvent not called, no secret in the answer', async (_, request) => {
    const { handler, events, errors } = setUp();
    const { status } = await send(handler, request());
    expect(status).toBe(401);
    expect(events).toEqual([]);
    expect(errors).toHaveLength(1);
    // The whole error, hidden fields, stack and causes included, as a logger would print it.
    const printed = inspect(errors[0]!.error, { depth: Number.POSITIVE_INFINITY, showHidden: true });
    for (const secret of SECRETS) expect(printed).not.toContain(secret);
  });

  it('a provider the endpoint is not configured for: its path is 404, its payload elsewhere 400', async () => {
    const onEvent = vi.fn();
    const handler = createWebhookHandler({ cm: {}, onEvent });
    expect((await send(handler, webexWebhookRequest(webexReceipts[0], { secret: WEBEX_SECRET }))).status).toBe(404);
    const elsewhere = webexWebhookRequest(webexReceipts[0], { secret: WEBEX_SECRET, url: 'http://localhost/x' });
    expect((await send(handler, elsewhere)).status).toBe(404);
    const unsigned = cmWebhookRequest(webexReceipts[0], { url: 'http://localhost/x' });
    expect((await send(handler, unsigned)).status).toBe(400);
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('Webex per-message callbacks: the Authorization header of callbackUrlAuthId, compared exactly', async () => {
    const onEvent = vi.fn();
    const authorization = 'Basic d2ViZXg6Y2FsbGJhY2s=';
    const handler = createWebhookHandler({ webex: { authorization }, onEvent });
    const body = webexReceipts[1];
    expect((await send(handler, webexWebhookRequest(body, { authorization }))).status).toBe(200);
    expect((await send(handler, webexWebhookRequest(body, { authorization: `${authorization}=` }))).status).toBe(401);
    expect((await send(handler, webexWebhookRequest(body, { secret: WEBEX_SECRET }))).status).toBe(401);
    expect(onEvent).toHaveBeenCalledTimes(1);
  });

  it('Webex with both: a signed request must verify; an unsigned one must carry the Authorization', async () => {
    const onEvent = vi.fn();
    const authorization = 'Bearer callback-token';
    const handler = createWebhookHandler({ webex: { secret: WEBEX_SECRET, authorization }, onEvent });
    const body = webexReceipts[0];
    expect((await send(handler, webexWebhookRequest(body, { secret: WEBEX_SECRET }))).status).toBe(200);
    expect((await send(handler, webexWebhookRequest(body, { authorization }))).status).toBe(200);
    expect((await send(handler, webexWebhookRequest(body, { secret: 'guess', authorization }))).status).toBe(401);
    expect((await send(handler, cmWebhookRequest(body, { url: 'http://localhost/webex' }))).status).toBe(401);
    expect(onEvent).toHaveBeenCalledTimes(2);
  });

  it('CM without a token accepts any request (CM signs nothing; documented)', async () => {
    const onEvent = vi.fn();
    const handler = createWebhookHandler({ cm: {}, onEvent });
    expect((await send(handler, cmWebhookRequest(cmStatusReports[0]))).status).toBe(200);
    expect(onEvent).toHaveBeenCalledTimes(1);
  });
});

describe('createWebhookHandler answers malformed payloads and failures', () => {
  it.each([
    ['Comapi, not JSON', () => comapiWebhookRequest('{"eventId":', { secret: COMAPI_SECRET })],
    [
      'Comapi, not an event',
      () => comapiWebhookRequest({ eventId: 'x', name: 'message.sent' }, { secret: COMAPI_SECRET }),
    ],
    [
      'Webex, unknown status value',
      () => webexWebhookRequest({ messageId: 'm', status: 'READ' }, { secret: WEBEX_SECRET }),
    ],
    [
      'Webex, inbound SMS without text',
      () => webexWebhookRequest({ oa: '1', da: '2', tid: 't' }, { secret: WEBEX_SECRET }),
    ],
    [
      'CM, status report without a status',
      () => cmWebhookRequest({ messages: { msg: { to: '1' } } }, { token: CM_TOKEN }),
    ],
    ['CM, nothing CM sends', () => cmWebhookRequest({ hello: 'world' }, { token: CM_TOKEN })],
    [
      "no provider's payload, on a shared URL",
      () => cmWebhookRequest({ hello: 'world' }, { url: 'http://localhost/x' }),
    ],
    ['deeper than 64 levels', () => cmWebhookRequest(`${'['.repeat(5000)}${']'.repeat(5000)}`, { token: CM_TOKEN })],
  ])('%s: 400, onEvent not called', async (_, request) => {
    const { handler, events, errors } = setUp();
    expect((await send(handler, request())).status).toBe(400);
    expect(events).toEqual([]);
    expect(errors[0]?.status).toBe(400);
  });

  it("an XML status report (CM's other format) is read, on the CM path or a shared one; XML elsewhere is 400", async () => {
    const { handler, events } = setUp();
    const xml = '<MESSAGES><MSG RECEIVED="x"><TO>1</TO><STATUS><CODE>2</CODE></STATUS></MSG></MESSAGES>';
    expect((await send(handler, cmWebhookRequest(xml, { token: CM_TOKEN }))).status).toBe(200);
    const shared = cmWebhookRequest(xml, { token: CM_TOKEN, url: 'http://localhost/hooks' });
    expect((await send(handler, shared)).status).toBe(200);
    expect((await send(handler, cmWebhookRequest(xml, { url: 'http://localhost/hooks' }))).status).toBe(401);
    expect((await send(handler, comapiWebhookRequest(xml, { secret: COMAPI_SECRET }))).status).toBe(400);
    expect(events).toMatchObject([
      { provider: 'cm', status: 'delivered' },
      { provider: 'cm', status: 'delivered' },
    ]);
  });

  it('a throw or a rejection in onEvent: 500, so the provider retries', async () => {
    for (const fail of [
      () => {
        throw new Error('database down');
      },
      () => Promise.reject(new Error('database down')),
    ]) {
      const { handler, errors } = setUp(fail);
      const answer = await send(handler, comapiWebhookRequest(comapiSent(), { secret: COMAPI_SECRET }));
      expect(answer.status).toBe(500);
      expect(answer.text).not.toMatch(/database/);
      expect(errors[0]).toMatchObject({ status: 500, error: expect.objectContaining({ message: 'database down' }) });
    }
  });

  it('a body over maxBodyBytes: 413, declared or streamed', async () => {
    const onEvent = vi.fn();
    const handler = createWebhookHandler({ cm: {}, onEvent, maxBodyBytes: 100 });
    const big = JSON.stringify({ ...cmStatusReports[0], padding: 'x'.repeat(200) });
    expect((await send(handler, cmWebhookRequest(big))).status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i += 1) controller.enqueue(new TextEncoder().encode('x'.repeat(50)));
        controller.close();
      },
    });
    const streamed = new Request('http://localhost/cm', {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect((await send(handler, streamed)).status).toBe(413);
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('the same event delivered twice has the same eventId (for every provider)', async () => {
    const { handler, events } = setUp();
    for (let i = 0; i < 2; i += 1) {
      await send(handler, cmWebhookRequest(cmStatusReports[0], { token: CM_TOKEN }));
      await send(handler, comapiWebhookRequest(comapiSent(), { secret: COMAPI_SECRET }));
      await send(handler, webexWebhookRequest(webexReceipts[1], { secret: WEBEX_SECRET }));
      await send(handler, webexWebhookRequest(webexReceipts[0], { secret: WEBEX_SECRET }));
    }
    expect(events).toHaveLength(8);
    expect(events.slice(4).map((event) => event.eventId)).toEqual(events.slice(0, 4).map((event) => event.eventId));
    expect(new Set(events.map((event) => event.eventId)).size).toBe(4);
  });
});

describe('createWebhookHandler options', () => {
  const onEvent = () => {};
  it.each([
    ['nothing', undefined],
    ['a string', 'cm'],
    ['no provider', { onEvent }],
    ['no onEvent', { cm: {} }],
    ['onEvent not a function', { cm: {}, onEvent: 'log' }],
    ['an empty Comapi secret', { comapi: { secret: '' }, onEvent }],
    ['a Comapi secret of another type', { comapi: { secret: { toString: (): string => 'x' } }, onEvent }],
    ['Webex with neither secret nor authorization', { webex: {}, onEvent }],
    ['a Webex authorization that is not a string', { webex: { authorization: ['Basic x'] }, onEvent }],
    ['a CM token that is not a string', { cm: { token: 42 }, onEvent }],
    ['cm: true', { cm: true, onEvent }],
    ['maxBodyBytes 0', { cm: {}, onEvent, maxBodyBytes: 0 }],
    ['maxBodyBytes Infinity', { cm: {}, onEvent, maxBodyBytes: Number.POSITIVE_INFINITY }],
    ['onError not a function', { cm: {}, onEvent, onError: 1 }],
    [
      'a getter that throws',
      Object.defineProperty({ onEvent }, 'cm', {
        enumerable: true,
        get() {
          throw new TypeError('boom');
        },
      }),
    ],
  ])('%s: a ValidationError at creation, naming no secret', (_, options) => {
    let caught: unknown;
    try {
      createWebhookHandler(options as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect(String((caught as Error).message)).not.toContain('secret-5fe9');
  });

  it("a secret given as bytes works, and changing the caller's buffer afterwards changes nothing", async () => {
    const bytes = new TextEncoder().encode(COMAPI_SECRET);
    const onEvent = vi.fn();
    const handler = createWebhookHandler({ comapi: { secret: bytes }, onEvent });
    bytes.fill(0);
    expect((await send(handler, comapiWebhookRequest(comapiSent(), { secret: COMAPI_SECRET }))).status).toBe(200);
    expect(onEvent).toHaveBeenCalledTimes(1);
  });

  it('rejects a call with something other than a Request with a ValidationError', async () => {
    const { handler } = setUp();
    await expect(handler({} as Request)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('switchboard/webhooks runs outside Node', () => {
  it('bundles for the browser without any Node built-in', async () => {
    const result = await build({
      entryPoints: [path.resolve(import.meta.dirname, '../../src/webhooks/index.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(Object.keys(result.metafile.inputs).filter((input) => input.startsWith('node:'))).toEqual([]);
  });
});

describe('createWebhookHandler under arbitrary requests', () => {
  const paths = fc.constantFrom('/cm', '/comapi', '/webex', '/hooks', '/webex/', '/CM', '');
  const bodies = fc.oneof(
    fc.json(),
    fc.string(),
    fc.jsonValue().map((value) => JSON.stringify(value)),
  );

  it('answers forged requests 4xx, never 500, and calls no onEvent', async () => {
    const { handler, events } = setUp();
    await fc.assert(
      fc.asyncProperty(
        paths,
        bodies,
        fc.option(fc.string()),
        fc.option(fc.string()),
        async (path, body, comapi, hub) => {
          const headers: Record<string, string> = {};
          if (comapi !== null) headers['x-comapi-signature'] = comapi.replace(/[^\x21-\x7e]/g, 'x') || 'x';
          if (hub !== null) headers['x-hub-signature'] = hub.replace(/[^\x21-\x7e]/g, 'x') || 'x';
          const response = await handler(new Request(`http://localhost${path}`, { method: 'POST', body, headers }));
          expect([400, 401, 404]).toContain(response.status);
        },
      ),
      { numRuns: 300 },
    );
    expect(events).toEqual([]);
  });

  it('answers signed arbitrary JSON 200 or 4xx, never 500', async () => {
    const { handler } = setUp();
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.constantFrom('comapi', 'webex'), async (value, provider) => {
        const request =
          provider === 'comapi'
            ? comapiWebhookRequest(JSON.stringify(value), { secret: COMAPI_SECRET })
            : webexWebhookRequest(JSON.stringify(value), { secret: WEBEX_SECRET });
        const response = await handler(await request);
        expect([200, 400]).toContain(response.status);
      }),
      { numRuns: 300 },
    );
  });
});
