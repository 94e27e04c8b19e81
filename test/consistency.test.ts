/**
 * The three clients follow one set of conventions (CONTRIBUTING.md): the same verbs, the same core result fields,
 * one name per concept. Checked against a loopback server that answers as each provider does, with a request id.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cm from '../src/cm/index.ts';
import * as comapi from '../src/comapi/index.ts';
import * as webex from '../src/webex/index.ts';
import { API_SPACE, COMAPI_TOKEN, TOKEN } from './helpers.ts';
import { providerAnswer, startLoopbackServer, type LoopbackServer } from './support/loopback-server.ts';

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer((request, res) => {
    res.setHeader('request-id', `rid-${server.requests.length}`);
    providerAnswer(request, res);
  });
});
afterAll(() => server.close());

describe('one set of conventions', () => {
  it('every entry names the same concepts the same way', () => {
    for (const entry of [cm, comapi, webex] as Array<Record<string, unknown>>) {
      expect(typeof entry.normalizePhoneNumber).toBe('function');
      expect(typeof entry.MAX_ITEMS_PER_REQUEST).toBe('number');
    }
    for (const resource of [
      new cm.CmClient({ productToken: TOKEN, baseUrl: server.url }).messages,
      new comapi.ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, baseUrl: server.url }).messages,
      new webex.WebexClient({ serviceKey: 'service-key-1', baseUrl: server.url }).sms,
    ]) {
      for (const verb of ['send', 'sendBatch', 'sendEach'] as const) expect(typeof resource[verb]).toBe('function');
    }
    expect(typeof comapi.verifyEvents).toBe('function');
    expect(typeof comapi.parseEvents).toBe('function');
    expect(typeof webex.verifyCallback).toBe('function');
    expect(typeof webex.parseCallback).toBe('function');
  });

  it('every provider folder has the files CONTRIBUTING.md lists, for the same jobs', () => {
    for (const provider of ['cm', 'comapi', 'webex']) {
      const files = readdirSync(path.join(import.meta.dirname, '..', 'src', provider));
      for (const file of ['client.ts', 'normalize.ts', 'inbound.ts', 'delivery-status.ts', 'errors.ts', 'index.ts']) {
        expect(files, `src/${provider}/${file}`).toContain(file);
      }
    }
    // One verb for turning what a provider POSTs into the shared events, beside each parse function.
    expect(typeof cm.normalizeStatusReport).toBe('function');
    expect(typeof comapi.normalizeEvents).toBe('function');
    expect(typeof webex.normalizeCallback).toBe('function');
  });

  it('sendBatch takes different messages and answers each with ok, outcome and requestId (and the id where there is one)', async () => {
    const base = { baseUrl: server.url, maxRetries: 0 };
    const results = [
      ...(await new cm.CmClient({ productToken: TOKEN, ...base }).messages.sendBatch([
        { from: 'Acme', to: '+447911123456', body: 'a' },
      ])),
      ...(await new comapi.ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, ...base }).messages.sendBatch([
        { to: { phoneNumber: '447911123456' }, body: 'a', rules: ['sms'] },
      ])),
      ...(await new webex.WebexClient({ serviceKey: 'service-key-1', ...base }).sms.sendBatch([
        { from: 'Acme', to: '+447911123456', content: 'a' },
      ])),
    ];
    for (const result of results) {
      expect(result).toMatchObject({
        index: 0,
        ok: true,
        outcome: 'accepted',
        requestId: expect.stringMatching(/^rid-\d+$/),
      });
    }
    expect(results[1]).toMatchObject({ messageId: expect.any(String) });
    expect(results[2]).toMatchObject({ messageId: expect.any(String), idempotencyKey: expect.any(String) });
  });

  it('a broadcast (one content to many numbers) has its own name, with the same core fields', async () => {
    const [result] = await new webex.WebexClient({ serviceKey: 'service-key-1', baseUrl: server.url }).sms.broadcast(
      ['+447911123456'],
      {
        from: 'Acme',
        content: { type: 'text', text: 'a' },
      },
    );
    expect(result).toMatchObject({
      index: 0,
      ok: true,
      outcome: 'accepted',
      requestId: expect.stringMatching(/^rid-\d+$/),
    });
  });
});
