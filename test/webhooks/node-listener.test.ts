/**
 * The webhook handler behind node:http through toNodeListener, on a loopback server (127.0.0.1): the body reaches
 * the handler byte for byte (so signatures verify), the answer goes back as the handler wrote it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNodeListener } from '../../src/node/index.ts';
import { cmWebhookRequest, comapiWebhookRequest, webexWebhookRequest } from '../../src/testing/index.ts';
import { createWebhookHandler, ValidationError, type WebhookEvent } from '../../src/webhooks/index.ts';
import { fidelityCase } from './sources.ts';

const SECRET = 'node-listener-secret';
const events: WebhookEvent[] = [];
const handler = createWebhookHandler({
  cm: { token: 'cm-token' },
  comapi: { secret: SECRET },
  webex: { secret: SECRET },
  onEvent: (event) => {
    events.push(event);
  },
  maxBodyBytes: 64 * 1024,
});
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(toNodeListener(handler, { maxBodyBytes: 64 * 1024 }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A request built for localhost, sent to the loopback server instead. */
async function deliver(request: Request | Promise<Request>) {
  const built = await request;
  const url = new URL(built.url);
  return fetch(`${base}${url.pathname}${url.search}`, {
    method: built.method,
    headers: built.headers,
    body: built.method === 'POST' ? await built.arrayBuffer() : undefined,
  });
}

describe('toNodeListener', () => {
  it('passes signed requests of each provider through, and answers as the handler does', async () => {
    events.length = 0;
    const comapi = fidelityCase('comapi', 'dotdigital-docs-message-and-facebook-events', 'message-sent-sms');
    const webex = fidelityCase('webex', 'vendor-sms-outbound-webhooks-6.20', 'wh-620-submitted');
    const cm = fidelityCase('cm', 'postman-collection', 'postman MO text (WhatsApp)');
    expect((await deliver(comapiWebhookRequest(comapi, { secret: SECRET }))).status).toBe(200);
    expect((await deliver(webexWebhookRequest(webex, { secret: SECRET }))).status).toBe(200);
    expect((await deliver(cmWebhookRequest(cm, { token: 'cm-token' }))).status).toBe(200);
    expect(events.map((event) => [event.provider, event.type])).toEqual([
      ['comapi', 'status'],
      ['webex', 'status'],
      ['cm', 'inbound'],
    ]);
  });

  it('a forged request is 401 and reaches no onEvent; a wrong method 405 with Allow', async () => {
    events.length = 0;
    const comapi = fidelityCase('comapi', 'dotdigital-docs-message-and-facebook-events', 'message-sent-sms');
    const forged = await deliver(comapiWebhookRequest(comapi, { secret: 'not-the-secret' }));
    expect(forged.status).toBe(401);
    expect(await forged.text()).not.toContain(SECRET);
    const get = await fetch(`${base}/webhooks/webex`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, HEAD');
    expect(events).toEqual([]);
  });

  it('a body over the limit is 413 without being read whole', async () => {
    const answer = await fetch(`${base}/webhooks/cm`, { method: 'POST', body: 'x'.repeat(200 * 1024) });
    expect(answer.status).toBe(413);
  });

  it('uses a body an earlier middleware kept raw (express.raw), and refuses one already parsed', async () => {
    events.length = 0;
    const listener = toNodeListener(handler);
    const comapi = fidelityCase('comapi', 'dotdigital-docs-message-and-facebook-events', 'message-sent-sms');
    const signed = await comapiWebhookRequest(comapi, { secret: SECRET });
    const raw = Buffer.from(await signed.arrayBuffer());
    const answers: number[] = [];
    const relay = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const parsed = request.headers['x-parsed'] === 'yes';
        Object.assign(request, { body: parsed ? JSON.parse(raw.toString()) : raw });
        const end = response.end.bind(response);
        response.end = ((...args: Parameters<typeof end>) => {
          answers.push(response.statusCode);
          return end(...args);
        }) as typeof response.end;
        listener(request, response);
      });
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(relay.address() as AddressInfo).port}/webhooks/comapi`;
    try {
      const headers = Object.fromEntries(signed.headers);
      expect((await fetch(url, { method: 'POST', headers, body: raw })).status).toBe(200);
      const parsed = await fetch(url, { method: 'POST', headers: { ...headers, 'x-parsed': 'yes' }, body: raw });
      expect(parsed.status).toBe(500);
    } finally {
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    }
    expect(events).toHaveLength(1);
    expect(answers).toEqual([200, 500]);
  });

  it('refuses a handler that is not a function, or bad options, with a ValidationError', () => {
    expect(() => toNodeListener('handler' as never)).toThrow(ValidationError);
    expect(() => toNodeListener(handler, { maxBodyBytes: -1 })).toThrow(ValidationError);
    expect(() => toNodeListener(handler, null as never)).toThrow(ValidationError);
  });
});
